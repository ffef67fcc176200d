package io.tickcast.registry;

import org.apache.avro.Schema;

/** One registered version of a subject: its version number within the subject and its global id. */
public record SchemaVersion(String subject, int version, int id, Schema schema) {}

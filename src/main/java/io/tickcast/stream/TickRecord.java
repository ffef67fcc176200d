package io.tickcast.stream;

import io.tickcast.schema.Tick;

/**
 * A decoded tick together with the bytes it was decoded from, so that a tick refused by validation
 * goes to the dead-letter topic exactly as it was received.
 */
public record TickRecord(Tick tick, byte[] raw) {}

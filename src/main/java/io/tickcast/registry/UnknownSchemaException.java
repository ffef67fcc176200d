package io.tickcast.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record names a schema id that the registry answered "not found" for: a definite answer about
 * the record, unlike a registry that cannot be reached ({@link RegistryException}).
 */
public final class UnknownSchemaException extends SerializationException {
  private static final long serialVersionUID = 1L;

  private final int schemaId;

  public UnknownSchemaException(String message, int schemaId, Throwable cause) {
    super(message, cause);
    this.schemaId = schemaId;
  }

  public int schemaId() {
    return schemaId;
  }
}

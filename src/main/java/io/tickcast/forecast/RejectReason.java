package io.tickcast.forecast;

/** Why an input tick was refused. The name in lower case is the dead-letter reason and metric tag. */
public enum RejectReason {
  /** The bytes could not be decoded as a Tick (wrong magic byte, corrupt Avro). */
  UNDECODABLE,
  /** The record names a schema id the schema registry answered "not found" for. */
  UNKNOWN_SCHEMA,
  EMPTY_SYMBOL,
  SYMBOL_TOO_LONG,
  /** The record has no key (a producer that does not key by symbol), so it would land on any partition; see ticks.rekey. */
  KEY_MISSING,
  /** The record key is present and differs from the tick's symbol, so it would land on the wrong partition. */
  KEY_MISMATCH,
  PRICE_NOT_FINITE,
  PRICE_NOT_POSITIVE,
  VOLUME_INVALID,
  TIMESTAMP_INVALID,
  /** Strictly before the symbol's last accepted time, under the dead-letter policy. */
  OUT_OF_ORDER;

  /** The reason as written to the dead-letter header and metric tag. */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

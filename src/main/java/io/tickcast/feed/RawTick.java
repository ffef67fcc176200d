package io.tickcast.feed;

/**
 * A tick as read from a file or made by the simulator, before it becomes an Avro record.
 *
 * @param volume NaN when absent
 */
public record RawTick(String symbol, long time, double price, double volume) {
  public io.tickcast.schema.Tick toAvro() {
    return new io.tickcast.schema.Tick(symbol, java.time.Instant.ofEpochMilli(time), price, Double.isNaN(volume) ? null : volume);
  }
}

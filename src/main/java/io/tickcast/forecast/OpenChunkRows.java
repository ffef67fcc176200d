package io.tickcast.forecast;

/**
 * Where the ticks of every symbol's open history chunk wait until the chunk closes, outside the
 * symbol's {@link ForecastState}: a tick adds one small row instead of rewriting the whole chunk
 * with the state. The stream keeps them in a state store of their own (restored with the state);
 * the backtest and tests in memory ({@link #inMemory()}).
 *
 * <p>Row {@code r} of a symbol is the {@code r}-th tick of its open chunk. A row may be overwritten
 * by the row of the same number of a later chunk; rows beyond the open chunk's size are never read.
 * Used by one thread at a time (a stream task's engine).
 */
public interface OpenChunkRows {
  /** Keeps the {@code row}-th tick of the symbol's open chunk ({@code volume} NaN when it has none). */
  void put(String symbol, int row, long time, double price, double volume);

  /** The rows {@code 0 .. size-1} of the symbol as the closed chunk {@code chunkIndex}, oldest first. */
  HistorySegment read(String symbol, long chunkIndex, int size);

  /** Rows in a map of this JVM's heap. */
  static OpenChunkRows inMemory() {
    return new InMemoryChunkRows();
  }
}

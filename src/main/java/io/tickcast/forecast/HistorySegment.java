package io.tickcast.forecast;

/**
 * A closed history chunk of one symbol: consecutive accepted ticks, oldest first.
 *
 * @param volumes NaN where a tick had no volume
 */
public record HistorySegment(String symbol, long chunkIndex, long[] times, double[] prices, double[] volumes) {
  public int size() {
    return times.length;
  }

  public long firstTime() {
    return times[0];
  }

  public long lastTime() {
    return times[times.length - 1];
  }
}

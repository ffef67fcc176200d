package io.tickcast.train;

import io.tickcast.feed.RawTick;
import java.util.List;

/**
 * One symbol's accepted ticks in event-time order, strictly increasing in time: what the trainer
 * rebuilds from the history topic and what the backtest takes as a symbol's history.
 *
 * @param volumes NaN where a tick had no volume
 */
public record SymbolHistory(String symbol, long[] times, double[] prices, double[] volumes) {
  public SymbolHistory {
    if (times.length != prices.length || times.length != volumes.length) {
      throw new IllegalArgumentException("times, prices and volumes differ in length for " + symbol);
    }
  }

  /** The history of ticks already in time order; ticks not after their predecessor are dropped, as the stream drops them. */
  public static SymbolHistory of(String symbol, List<RawTick> ticks) {
    Builder b = new Builder(symbol, ticks.size());
    for (RawTick t : ticks) {
      b.add(t.time(), t.price(), t.volume());
    }
    return b.build();
  }

  public int size() {
    return times.length;
  }

  public long firstTime() {
    return times[0];
  }

  public long lastTime() {
    return times[times.length - 1];
  }

  /** The first {@code n} ticks. */
  public SymbolHistory head(int n) {
    return new SymbolHistory(symbol, java.util.Arrays.copyOf(times, n), java.util.Arrays.copyOf(prices, n),
        java.util.Arrays.copyOf(volumes, n));
  }

  /** Collects ticks in order, dropping any before the last kept tick's time. */
  public static final class Builder {
    private final String symbol;
    private long[] times;
    private double[] prices;
    private double[] volumes;
    private int size;

    public Builder(String symbol, int expected) {
      this.symbol = symbol;
      int capacity = Math.max(expected, 16);
      times = new long[capacity];
      prices = new double[capacity];
      volumes = new double[capacity];
    }

    /** Adds a tick; returns false (and drops it) when it is before the last kept tick (a tick at the same time is kept, in order). */
    public boolean add(long time, double price, double volume) {
      if (size > 0 && time < times[size - 1]) {
        return false;
      }
      if (size == times.length) {
        int capacity = size * 2;
        times = java.util.Arrays.copyOf(times, capacity);
        prices = java.util.Arrays.copyOf(prices, capacity);
        volumes = java.util.Arrays.copyOf(volumes, capacity);
      }
      times[size] = time;
      prices[size] = price;
      volumes[size] = volume;
      size++;
      return true;
    }

    public int size() {
      return size;
    }

    public SymbolHistory build() {
      return new SymbolHistory(symbol, java.util.Arrays.copyOf(times, size), java.util.Arrays.copyOf(prices, size),
          java.util.Arrays.copyOf(volumes, size));
    }
  }
}

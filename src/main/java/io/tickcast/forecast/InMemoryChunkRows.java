package io.tickcast.forecast;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** {@link OpenChunkRows} in the heap: per symbol, arrays that grow to the largest chunk seen. */
final class InMemoryChunkRows implements OpenChunkRows {
  private static final class Rows {
    long[] times = new long[8];
    double[] prices = new double[8];
    double[] volumes = new double[8];
  }

  private final Map<String, Rows> bySymbol = new HashMap<>();

  @Override
  public void put(String symbol, int row, long time, double price, double volume) {
    Rows r = bySymbol.computeIfAbsent(symbol, s -> new Rows());
    if (row >= r.times.length) {
      int n = Math.max(row + 1, 2 * r.times.length);
      r.times = Arrays.copyOf(r.times, n);
      r.prices = Arrays.copyOf(r.prices, n);
      r.volumes = Arrays.copyOf(r.volumes, n);
    }
    r.times[row] = time;
    r.prices[row] = price;
    r.volumes[row] = volume;
  }

  @Override
  public HistorySegment read(String symbol, long chunkIndex, int size) {
    Rows r = bySymbol.get(symbol);
    if (r == null || size > r.times.length) {
      throw new IllegalStateException("open chunk " + chunkIndex + " of " + symbol + " has fewer than " + size + " rows");
    }
    return new HistorySegment(symbol, chunkIndex, Arrays.copyOf(r.times, size), Arrays.copyOf(r.prices, size),
        Arrays.copyOf(r.volumes, size));
  }
}

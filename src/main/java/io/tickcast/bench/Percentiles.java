package io.tickcast.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of samples. */
final class Percentiles {
  private final long[] sorted;

  Percentiles(long[] samples, int count) {
    this.sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
  }

  int count() {
    return sorted.length;
  }

  /**
   * The smallest sample with at least {@code p} of all samples at or below it (nearest rank);
   * {@code p} in (0, 1].
   */
  long at(double p) {
    if (sorted.length == 0) {
      throw new IllegalStateException("no samples");
    }
    if (!(p > 0 && p <= 1)) {
      throw new IllegalArgumentException("p must be in (0, 1]: " + p);
    }
    // the epsilon keeps 0.99 * 100 (99.00000000000001 in floating point) at rank 99
    int rank = (int) Math.ceil(p * sorted.length - 1e-9);
    return sorted[Math.max(0, rank - 1)];
  }

  long max() {
    return sorted[sorted.length - 1];
  }
}

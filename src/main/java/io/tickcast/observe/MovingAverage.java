package io.tickcast.observe;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An exponentially weighted moving average of a stream of doubles that several threads feed without
 * locks: each update is a compare-and-set on the bits of the current value, so no update is lost and
 * nothing is allocated. NaN inputs are ignored; the first input becomes the average.
 */
final class MovingAverage {
  private final double alpha;
  private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));

  /** @param halfLife number of updates after which an input's weight has halved */
  MovingAverage(double halfLife) {
    if (!(halfLife > 0)) {
      throw new IllegalArgumentException("half-life must be positive: " + halfLife);
    }
    this.alpha = 1.0 - Math.pow(0.5, 1.0 / halfLife);
  }

  void update(double x) {
    if (Double.isNaN(x)) {
      return;
    }
    while (true) {
      long seen = bits.get();
      double current = Double.longBitsToDouble(seen);
      double next = Double.isNaN(current) ? x : current + alpha * (x - current);
      if (bits.compareAndSet(seen, Double.doubleToRawLongBits(next))) {
        return;
      }
    }
  }

  /** The average so far; NaN before the first input. */
  double value() {
    return Double.longBitsToDouble(bits.get());
  }
}

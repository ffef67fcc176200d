package io.tickcast.train;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff with jitter: the wait before attempt {@code n + 1} after {@code n}
 * failures in a row is {@code initial · 2^(n-1)}, at most {@code max}, moved by up to ±{@code jitter}
 * of itself so that many instances do not retry in step. (Kafka's own class for this is internal
 * to its clients and moved between releases, so it is not used here.)
 */
final class RetryBackoff {
  private final long initialMillis;
  private final long maxMillis;
  private final double jitter;

  RetryBackoff(long initialMillis, long maxMillis, double jitter) {
    if (initialMillis <= 0 || maxMillis < initialMillis || jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max and 0 <= jitter < 1");
    }
    this.initialMillis = initialMillis;
    this.maxMillis = maxMillis;
    this.jitter = jitter;
  }

  /** Milliseconds to wait after {@code failures} (at least 1) failures in a row. */
  long millis(long failures) {
    long base = initialMillis;
    for (long i = 1; i < failures && base < maxMillis; i++) {
      base *= 2;
    }
    base = Math.min(base, maxMillis);
    double spread = base * jitter;
    return Math.max(1, Math.round(base + ThreadLocalRandom.current().nextDouble(-spread, spread + Double.MIN_VALUE)));
  }
}

package io.tickcast.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * The JIT compiler's accumulated time in this JVM, to tell whether a measured run shared the
 * machine with compilation. On two cores a run that starts while C2 is still compiling the
 * Kafka client and Streams paths loses a large share of the CPU to it, and the application
 * measured first would pay for code both share; so the benchmark warms up until a round is
 * quiet, and reports the compile time inside every measured run.
 */
final class JitClock {
  /**
   * A warm-up round is quiet when the JIT compiled for less than this share of its wall time. With
   * the forecaster and the baseline alternating in one JVM the share settles at 10-15 % (measured:
   * 106 %, 29 %, 15 %, 13 % in four rounds of exactly-once, 1 thread), not at zero.
   */
  static final double QUIET_SHARE = 0.15;

  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  private JitClock() {}

  /** Total compile time so far in milliseconds (summed over compiler threads), -1 if the JVM does not tell. */
  static long millis() {
    return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : -1;
  }

  /**
   * Whether a round of {@code wallSeconds} during which the JIT compiled for {@code jitMillis} was
   * quiet enough to end the warm-up; an unknown compile time (-1) counts as quiet, since waiting
   * could not tell otherwise.
   */
  static boolean quiet(long jitMillis, double wallSeconds) {
    if (jitMillis < 0) {
      return true;
    }
    if (!(wallSeconds > 0)) {
      throw new IllegalArgumentException("wall time must be > 0: " + wallSeconds);
    }
    return jitMillis / 1000.0 < QUIET_SHARE * wallSeconds;
  }
}

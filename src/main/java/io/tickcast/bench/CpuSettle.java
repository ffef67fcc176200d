package io.tickcast.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Waits, before a measured run, until this JVM has gone quiet: the run before it leaves work behind
 * (closing RocksDB, the broker deleting the run's topics, garbage collection, the JIT), and on two
 * cores whatever of it overlaps the next run is measured as that run's slowness. Measured without
 * this wait: a baseline run that followed a forecaster run was 7-15 % slower than one that followed
 * a pause, which moved every round's ratio by as much, up or down with the order of the pair.
 *
 * <p>Quiet means: over a window of {@link #WINDOW}, this process used less than {@link #IDLE_CORES}
 * of a core (what the idle broker and clients use is a few percent).
 */
final class CpuSettle {
  static final Duration WINDOW = Duration.ofMillis(500);
  static final double IDLE_CORES = 0.10;

  private final LongSupplier cpuNanos;
  private final Sleeper sleeper;

  /** Sleeps for the given time; a seam for tests. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  CpuSettle(LongSupplier cpuNanos, Sleeper sleeper) {
    this.cpuNanos = cpuNanos;
    this.sleeper = sleeper;
  }

  /** On this JVM's process CPU time; null when the JVM does not tell it. */
  static CpuSettle forThisProcess() {
    return processCpuNanos() < 0 ? null : new CpuSettle(CpuSettle::processCpuNanos, d -> Thread.sleep(d.toMillis()));
  }

  /** CPU time this JVM has used, all threads, in nanoseconds; -1 when the JVM does not tell it. */
  static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /**
   * Returns after the first quiet window, or after {@code max} if none came.
   *
   * @return the windows waited, and whether the last one was quiet
   */
  Result await(Duration max) throws InterruptedException {
    int windows = 0;
    long limit = Math.max(1, max.toNanos() / WINDOW.toNanos());
    double lastCores = Double.NaN;
    while (windows < limit) {
      long before = cpuNanos.getAsLong();
      sleeper.sleep(WINDOW);
      windows++;
      lastCores = (cpuNanos.getAsLong() - before) / (double) WINDOW.toNanos();
      if (lastCores < IDLE_CORES) {
        return new Result(windows, true, lastCores);
      }
    }
    return new Result(windows, false, lastCores);
  }

  /** @param cores the process's CPU use in the last window, in cores */
  record Result(int windows, boolean quiet, double cores) {
    Duration waited() {
      return WINDOW.multipliedBy(windows);
    }
  }
}

package io.tickcast.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The garbage collectors' accumulated time in this JVM (for G1, the stop-the-world pauses): the
 * benchmark reports it inside every measured run beside the JIT's, since on two cores both take
 * their time from the applications measured.
 */
final class GcClock {
  private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

  private GcClock() {}

  /** Collection time so far in milliseconds, summed over the collectors; -1 if none tells. */
  static long millis() {
    long sum = 0;
    boolean known = false;
    for (GarbageCollectorMXBean gc : COLLECTORS) {
      long t = gc.getCollectionTime();
      if (t >= 0) {
        sum += t;
        known = true;
      }
    }
    return known ? sum : -1;
  }
}

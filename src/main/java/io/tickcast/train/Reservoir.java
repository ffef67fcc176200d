package io.tickcast.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A uniform sample of at most {@code capacity} of the items offered (Vitter's algorithm R): every
 * item is kept with the same probability whatever its place in the stream, in memory of the sample
 * only. An item is made (its supplier called) only when it is kept. Seeded, so the same stream gives
 * the same sample. Not thread-safe.
 */
final class Reservoir<T> {
  private final int capacity;
  private final SplittableRandom random;
  private final List<T> kept = new ArrayList<>();
  private final List<Long> order = new ArrayList<>();
  private long seen;

  Reservoir(int capacity, long seed) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    }
    this.capacity = capacity;
    this.random = new SplittableRandom(seed);
  }

  /** Offers the next item; {@code item} is called only if the sample keeps it. */
  void offer(Supplier<T> item) {
    long n = seen++;
    if (kept.size() < capacity) {
      kept.add(item.get());
      order.add(n);
    } else {
      long j = random.nextLong(n + 1);
      if (j < capacity) {
        kept.set((int) j, item.get());
        order.set((int) j, n);
      }
    }
  }

  /** Items offered so far. */
  long seen() {
    return seen;
  }

  /** Items offered and not kept. */
  long dropped() {
    return seen - kept.size();
  }

  /** The kept items in the order they were offered. */
  List<T> inOrder() {
    Integer[] idx = new Integer[kept.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> Long.compare(order.get(a), order.get(b)));
    List<T> out = new ArrayList<>(idx.length);
    for (Integer i : idx) {
      out.add(kept.get(i));
    }
    return out;
  }
}

package io.tickcast.bench;

import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.TypedTopic;
import io.tickcast.feed.SyntheticMarket;
import io.tickcast.feed.TickProducer;
import io.tickcast.schema.Tick;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre-loads synthetic ticks (the demo's mixed series, with volumes) through the real feed producer:
 * Avro through the registry, every send checked. Symbols take turns, so each symbol's ticks are in
 * time order and spread evenly over the run; event times end shortly before now, so ticks produced
 * later (the latency probe's) come after them.
 */
final class TickLoader {
  static final long TICK_INTERVAL_MILLIS = 1_000;

  private TickLoader() {}

  /** Symbol names {@code prefix00000, prefix00001, ...}. */
  static List<String> symbols(String prefix, int count) {
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(String.format("%s%05d", prefix, i));
    }
    return out;
  }

  /** Sends {@code ticks} ticks round-robin over {@code symbols}, waits for all; returns the number acknowledged. */
  static long load(KafkaClientFactory clients, TypedTopic<String, Tick> topic, List<String> symbols, long ticks, long seed) {
    int n = symbols.size();
    long perSymbol = (ticks + n - 1) / n;
    long start = System.currentTimeMillis() - (perSymbol + 60) * TICK_INTERVAL_MILLIS;
    SyntheticMarket[] markets = new SyntheticMarket[n];
    for (int i = 0; i < n; i++) {
      markets[i] = new SyntheticMarket(symbols.get(i), SyntheticMarket.Kind.MIXED, 0.001, 100.0 + i % 50,
          start, TICK_INTERVAL_MILLIS, seed + i);
    }
    try (TickProducer producer = new TickProducer(clients, topic)) {
      for (long k = 0; k < ticks; k++) {
        producer.send(markets[(int) (k % n)].next());
      }
      producer.flush();
      return producer.acknowledged();
    }
  }
}

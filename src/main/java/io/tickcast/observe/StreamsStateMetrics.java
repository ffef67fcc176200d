package io.tickcast.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Kafka Streams client's state, and its transitions.
 *
 * <ul>
 *   <li>{@code tickcast_streams_state{state}}: gauge, 1 for the current state, 0 for the others
 *       ({@code created}, {@code rebalancing}, {@code running}, {@code pending_shutdown},
 *       {@code not_running}, {@code pending_error}, {@code error}); read from the client at scrape.
 *   <li>{@code tickcast_streams_rebalances_total}: transitions into REBALANCING.
 * </ul>
 *
 * <p>Kafka Streams takes a single state listener; this one is installed and passes every transition
 * on to the listeners added with {@link #add}, so other parts (the run command) can still observe it.
 */
final class StreamsStateMetrics implements KafkaStreams.StateListener {
  private final Counter rebalances;
  private final List<KafkaStreams.StateListener> next = new CopyOnWriteArrayList<>();

  StreamsStateMetrics(MeterRegistry registry, KafkaStreams streams) {
    for (KafkaStreams.State s : KafkaStreams.State.values()) {
      Gauge.builder("tickcast.streams.state", streams, k -> k.state() == s ? 1 : 0)
          .description("1 for the Kafka Streams client's current state")
          .tag("state", s.name().toLowerCase(Locale.ROOT)).register(registry);
    }
    rebalances = Counter.builder("tickcast.streams.rebalances").description("Transitions of the streams client into REBALANCING")
        .register(registry);
  }

  void add(KafkaStreams.StateListener listener) {
    next.add(listener);
  }

  @Override
  public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
    if (newState == KafkaStreams.State.REBALANCING) {
      rebalances.increment();
    }
    for (KafkaStreams.StateListener l : next) {
      l.onChange(newState, oldState);
    }
  }
}

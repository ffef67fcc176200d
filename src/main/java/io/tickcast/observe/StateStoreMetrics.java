package io.tickcast.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickcast.forecast.ForecastState;
import io.tickcast.stream.ForecastTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * {@code tickcast_state_store_entries}: gauge, the approximate number of symbols in this instance's
 * active {@code forecast-state} store partitions (RocksDB's estimate), read at scrape; NaN while the
 * store cannot be queried (not started, rebalancing or restoring).
 */
final class StateStoreMetrics {
  private StateStoreMetrics() {}

  static void bind(MeterRegistry registry, KafkaStreams streams) {
    Gauge.builder("tickcast.state.store.entries", streams, StateStoreMetrics::entries)
        .description("Approximate entries (symbols) in this instance's forecast-state store partitions")
        .tag("store", ForecastTopology.STATE_STORE)
        .register(registry);
  }

  private static double entries(KafkaStreams streams) {
    KafkaStreams.State s = streams.state();
    if (s != KafkaStreams.State.RUNNING && s != KafkaStreams.State.REBALANCING) {
      return Double.NaN;
    }
    try {
      return streams.store(StoreQueryParameters.fromNameAndType(ForecastTopology.STATE_STORE,
          QueryableStoreTypes.<String, ForecastState>keyValueStore())).approximateNumEntries();
    } catch (InvalidStateStoreException e) {
      return Double.NaN;
    }
  }
}

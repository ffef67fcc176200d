package io.tickcast.stream;

import io.tickcast.config.Topics;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.forecast.ForecastState;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The forecasting topology:
 * <pre>
 *   ticks ─► [forecast] ─► predictions
 *              │  ├──────► tick-history (closed chunks)
 *              │  └──────► ticks-dlq (invalid input, as received)
 *   forecast-state (RocksDB, changelogged, cached)        models ─► models-store (global) ─► ModelHolder
 * </pre>
 */
public final class ForecastTopology {
  public static final String STATE_STORE = "forecast-state";
  public static final String MODELS_STORE = "models-store";
  static final String TICKS_SOURCE = "ticks-source";
  static final String FORECAST = "forecast";
  static final String PREDICTIONS_SINK = "predictions-sink";
  static final String HISTORY_SINK = "history-sink";
  static final String DLQ_SINK = "dlq-sink";
  static final String MODELS_SOURCE = "models-source";
  static final String MODELS_PROCESSOR = "models-processor";

  private ForecastTopology() {}

  /** Decoded symbol states a forecast processor keeps by default (per stream task). */
  public static final int DEFAULT_DECODED_STATES = 2048;

  public static Topology build(Topics topics, ForecastSettings settings, ModelHolder models, ForecastListener listener) {
    return build(topics, settings, models, listener, DEFAULT_DECODED_STATES);
  }

  /**
   * @param decodedStates symbol states each processor keeps decoded between ticks (0: decode every
   *     tick from the store); the store stays the source of truth
   */
  public static Topology build(Topics topics, ForecastSettings settings, ModelHolder models, ForecastListener listener,
      int decodedStates) {
    TickRecordSerde tickSerde = new TickRecordSerde(topics.ticks().valueSerde());
    StoreBuilder<KeyValueStore<String, ForecastState>> state = Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), new ForecastStateSerde(settings.baselines()))
        .withCachingEnabled();
    StoreBuilder<KeyValueStore<String, io.tickcast.schema.ModelRelease>> modelStore = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(MODELS_STORE), Serdes.String(), topics.models().valueSerde())
        .withLoggingDisabled(); // a global store is restored from its source topic

    Topology t = new Topology();
    t.addSource(TICKS_SOURCE, Serdes.String().deserializer(), tickSerde.deserializer(), topics.ticks().name());
    t.addProcessor(FORECAST, () -> new ForecastProcessor(settings, models, listener, decodedStates), TICKS_SOURCE);
    t.addStateStore(state, FORECAST);
    t.addSink(PREDICTIONS_SINK, topics.predictions().name(), Serdes.String().serializer(),
        topics.predictions().valueSerde().serializer(), FORECAST);
    t.addSink(HISTORY_SINK, topics.history().name(), Serdes.String().serializer(),
        topics.historySegments(), FORECAST);
    t.addSink(DLQ_SINK, topics.deadLetters().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), FORECAST);
    t.addGlobalStore(modelStore, MODELS_SOURCE, Serdes.String().deserializer(), topics.models().valueSerde().deserializer(),
        topics.models().name(), MODELS_PROCESSOR, () -> new ModelReleaseProcessor(MODELS_STORE, models));
    return t;
  }
}

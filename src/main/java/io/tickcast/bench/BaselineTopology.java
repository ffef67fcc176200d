package io.tickcast.bench;

import io.tickcast.config.Topics;
import io.tickcast.forecast.Horizons;
import io.tickcast.schema.ModelRelease;
import io.tickcast.stream.TickRecordSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The forecaster's plumbing without the forecast, for the benchmark's baseline: the same source and
 * {@link TickRecordSerde}, a persistent (RocksDB) store with the record cache and a changelog, the
 * predictions, history and dead-letter sinks with the same serdes, and the models topic as a global
 * store; the processor reads and writes a state value of the forecaster's measured size and forwards
 * one Avro {@code Prediction} per tick (see {@link BaselineProcessor}).
 *
 * <pre>
 *   ticks ─► [baseline] ─► predictions       (history and dead-letter sinks attached)
 *   baseline-state (RocksDB, changelogged, cached)        models ─► models-store (global)
 * </pre>
 */
public final class BaselineTopology {
  public static final String STATE_STORE = "baseline-state";
  static final String MODELS_STORE = "baseline-models-store";
  static final String TICKS_SOURCE = "ticks-source";
  static final String BASELINE = "baseline";
  static final String PREDICTIONS_SINK = "predictions-sink";
  static final String HISTORY_SINK = "history-sink";
  static final String DLQ_SINK = "dlq-sink";

  private BaselineTopology() {}

  /**
   * @param stateBytes size of the state value read and written per tick: the forecaster's mean
   *     serialised state size measured in the same run
   * @param modelName model name the forwarded predictions carry
   * @param horizons the forecaster's horizons: the predictions carry as many
   */
  public static Topology build(Topics topics, int stateBytes, String modelName, Horizons horizons, RunMeter meter) {
    TickRecordSerde tickSerde = new TickRecordSerde(topics.ticks().valueSerde());
    StoreBuilder<KeyValueStore<String, byte[]>> state = Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), Serdes.ByteArray())
        .withCachingEnabled();
    StoreBuilder<KeyValueStore<String, ModelRelease>> modelStore = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(MODELS_STORE), Serdes.String(), topics.models().valueSerde())
        .withLoggingDisabled();

    Topology t = new Topology();
    t.addSource(TICKS_SOURCE, Serdes.String().deserializer(), tickSerde.deserializer(), topics.ticks().name());
    t.addProcessor(BASELINE, () -> new BaselineProcessor(stateBytes, modelName, horizons, meter), TICKS_SOURCE);
    t.addStateStore(state, BASELINE);
    t.addSink(PREDICTIONS_SINK, topics.predictions().name(), Serdes.String().serializer(),
        topics.predictions().valueSerde().serializer(), BASELINE);
    t.addSink(HISTORY_SINK, topics.history().name(), Serdes.String().serializer(),
        topics.historySegments(), BASELINE);
    t.addSink(DLQ_SINK, topics.deadLetters().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), BASELINE);
    t.addGlobalStore(modelStore, "models-source", Serdes.String().deserializer(), topics.models().valueSerde().deserializer(),
        topics.models().name(), "models-processor", () -> new ModelStoreUpdater());
    return t;
  }

  /** Keeps the global models store as the forecaster's does; the baseline uses no model. */
  private static final class ModelStoreUpdater implements Processor<String, ModelRelease, Void, Void> {
    private KeyValueStore<String, ModelRelease> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(MODELS_STORE);
    }

    @Override
    public void process(Record<String, ModelRelease> record) {
      if (record.key() != null) {
        store.put(record.key(), record.value());
      }
    }
  }
}

package io.tickcast.stream;

import io.tickcast.config.Topics;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.forecast.ForecastState;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The forecasting topology:
 * <pre>
 *   ticks ─► [forecast] ─► predictions
 *              │  ├──────► tick-history (closed chunks)
 *              │  └──────► ticks-dlq (invalid input, as received)
 *   forecast-state, forecast-chunk-rows (RocksDB, changelogged, cached)        models ─► models-store (global) ─► ModelHolder
 * </pre>
 *
 * <p>With re-keying ({@code ticks.rekey}), ticks first go through Kafka Streams' own repartition,
 * keyed by their symbol, so that a feed that produces without a key (or with another key) still
 * puts every tick of a symbol in one task:
 * <pre>
 *   ticks ─► [rekey: key := symbol] ─► &lt;application.id&gt;-ticks-by-symbol-repartition ─► [forecast] ─► …
 * </pre>
 * The repartition topic carries the ticks' bytes as received, so a tick refused later is
 * dead-lettered exactly as the feed wrote it.
 */
public final class ForecastTopology {
  public static final String STATE_STORE = "forecast-state";
  /** The open history chunks' ticks, one record per tick ({@link StoredChunkRows}). */
  public static final String CHUNK_ROWS_STORE = "forecast-chunk-rows";
  public static final String MODELS_STORE = "models-store";
  static final String TICKS_SOURCE = "ticks-source";
  static final String REKEY = "rekey";
  /** Name of the re-keying repartition; its topic is {@code <application.id>-ticks-by-symbol-repartition}. */
  static final String REKEYED = "ticks-by-symbol";
  /** The source node Kafka Streams names for the repartition topic of {@link #REKEYED}. */
  static final String REKEYED_SOURCE = REKEYED + "-repartition-source";
  static final String FORECAST = "forecast";
  static final String PREDICTIONS_SINK = "predictions-sink";
  static final String HISTORY_SINK = "history-sink";
  static final String DLQ_SINK = "dlq-sink";
  static final String MODELS_SOURCE = "models-source";
  static final String MODELS_PROCESSOR = "models-processor";

  private ForecastTopology() {}

  /** Bytes one tick adds to {@link #CHUNK_ROWS_STORE} for {@code symbol}: its row's key and value. */
  public static int chunkRowBytes(String symbol) {
    int utf8 = 0;
    for (int i = 0; i < symbol.length(); i++) {
      char ch = symbol.charAt(i);
      utf8 += ch < 0x80 ? 1 : ch < 0x800 || Character.isSurrogate(ch) ? 2 : 3;
    }
    return StoredChunkRows.KEY_EXTRA_BYTES + utf8 + StoredChunkRows.VALUE_BYTES;
  }

  /** Decoded symbol states a forecast processor keeps by default (per stream task). */
  public static final int DEFAULT_DECODED_STATES = 2048;

  public static Topology build(Topics topics, ForecastSettings settings, ModelHolder models, ForecastListener listener) {
    return build(topics, settings, models, listener, DEFAULT_DECODED_STATES, DEFAULT_DECODED_STATES_MAX_BYTES, false);
  }

  /** Heap the decoded states of one processor may hold by default. */
  public static final long DEFAULT_DECODED_STATES_MAX_BYTES = 32L * 1024 * 1024;

  /**
   * @param decodedStates symbol states each processor keeps decoded between ticks (0: decode every
   *     tick from the store); the store stays the source of truth
   */
  public static Topology build(Topics topics, ForecastSettings settings, ModelHolder models, ForecastListener listener,
      int decodedStates) {
    return build(topics, settings, models, listener, decodedStates, false);
  }

  /**
   * @param decodedStates symbol states each processor keeps decoded between ticks (0: decode every
   *     tick from the store); the store stays the source of truth
   * @param rekey whether ticks are re-keyed by symbol through a repartition topic before forecasting
   */
  public static Topology build(Topics topics, ForecastSettings settings, ModelHolder models, ForecastListener listener,
      int decodedStates, boolean rekey) {
    return build(topics, settings, models, listener, decodedStates, DEFAULT_DECODED_STATES_MAX_BYTES, rekey);
  }

  /**
   * @param decodedStates symbol states each processor keeps decoded between ticks (0: decode every
   *     tick from the store); the store stays the source of truth
   * @param decodedStatesMaxBytes heap those states may hold, per processor ({@link DecodedStates})
   * @param rekey whether ticks are re-keyed by symbol through a repartition topic before forecasting
   */
  public static Topology build(Topics topics, ForecastSettings settings, ModelHolder models, ForecastListener listener,
      int decodedStates, long decodedStatesMaxBytes, boolean rekey) {
    TickRecordSerde tickSerde = new TickRecordSerde(topics.ticks().valueSerde());
    StoreBuilder<KeyValueStore<String, ForecastState>> state = Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), new ForecastStateSerde(settings.baselines(), settings.quality().horizons()))
        .withCachingEnabled();
    StoreBuilder<KeyValueStore<Bytes, byte[]>> chunkRows = Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CHUNK_ROWS_STORE), Serdes.Bytes(), Serdes.ByteArray())
        .withCachingEnabled();
    StoreBuilder<KeyValueStore<String, io.tickcast.schema.ModelRelease>> modelStore = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(MODELS_STORE), Serdes.String(), topics.models().valueSerde())
        .withLoggingDisabled(); // a global store is restored from its source topic

    Topology t;
    String forecastParent;
    if (rekey) {
      StreamsBuilder builder = new StreamsBuilder();
      builder.stream(topics.ticks().name(), Consumed.with(Serdes.String(), tickSerde).withName(TICKS_SOURCE))
          .selectKey((key, tick) -> symbolKey(tick), Named.as(REKEY))
          .repartition(Repartitioned.with(Serdes.String(), tickSerde).withName(REKEYED));
      t = builder.build();
      forecastParent = REKEYED_SOURCE;
    } else {
      t = new Topology();
      t.addSource(TICKS_SOURCE, Serdes.String().deserializer(), tickSerde.deserializer(), topics.ticks().name());
      forecastParent = TICKS_SOURCE;
    }
    t.addProcessor(FORECAST, () -> new ForecastProcessor(settings, models, listener, decodedStates, decodedStatesMaxBytes, rekey), forecastParent);
    t.addStateStore(state, FORECAST);
    t.addStateStore(chunkRows, FORECAST);
    t.addSink(PREDICTIONS_SINK, topics.predictions().name(), Serdes.String().serializer(),
        topics.predictions().valueSerde().serializer(), FORECAST);
    t.addSink(HISTORY_SINK, topics.history().name(), Serdes.String().serializer(),
        topics.historySegments(), FORECAST);
    t.addSink(DLQ_SINK, topics.deadLetters().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), FORECAST);
    t.addGlobalStore(modelStore, MODELS_SOURCE, Serdes.String().deserializer(), topics.models().valueSerde().deserializer(),
        topics.models().name(), MODELS_PROCESSOR, () -> new ModelReleaseProcessor(MODELS_STORE, models));
    return t;
  }

  /**
   * The key a tick is re-keyed by: its symbol. A null value or a tick without a symbol gets the
   * empty key (never null, which a repartition would drop), so it still reaches the forecast
   * processor and is dead-lettered there with its reason.
   */
  static String symbolKey(TickRecord tick) {
    if (tick == null || tick.tick() == null || tick.tick().getSymbol() == null) {
      return "";
    }
    return tick.tick().getSymbol();
  }
}

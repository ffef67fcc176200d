package io.tickcast.config;

import io.tickcast.baseline.BaselineSettings;
import io.tickcast.features.FeatureSettings;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.forecast.ForecastSettings.QualitySettings;
import io.tickcast.forecast.Horizons;
import io.tickcast.forecast.StalePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every tickcast setting: each key is a constant beside its documentation, all registered in one
 * {@link ConfigDef}, so validation fails at start with a message naming the setting and the README's
 * settings table is generated from {@link #CONFIG}.
 *
 * <p>Sources, later winning: the defaults, a properties file, environment variables
 * {@code TICKCAST_<KEY>} (the key upper-cased, dots as underscores, e.g. {@code TICKCAST_BOOTSTRAP_SERVERS}),
 * explicit overrides (command-line options). Keys starting with {@value #STREAMS_PREFIX} are passed
 * to Kafka Streams (and its clients) with the prefix removed.
 */
public final class TickcastConfig extends AbstractConfig {
  public static final String STREAMS_PREFIX = "streams.";
  public static final String ENV_PREFIX = "TICKCAST_";

  // ---- Kafka and the registry -------------------------------------------------------------
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  private static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers, host:port[,host:port...].";
  public static final String APPLICATION_ID = "application.id";
  private static final String APPLICATION_ID_DOC = "Kafka Streams application id: instances with the same id share the partitions; also the prefix of internal topics.";
  public static final String REGISTRY_URL = "schema.registry.url";
  private static final String REGISTRY_URL_DOC = "Base URL of a Confluent-API schema registry (for Apicurio: http://host:port/apis/ccompat/v7).";
  public static final String REGISTRY_BASIC_AUTH = "schema.registry.basic.auth.user.info";
  private static final String REGISTRY_BASIC_AUTH_DOC = "user:password for HTTP basic authentication to the registry; empty for none.";
  public static final String REGISTRY_TRUSTSTORE = "schema.registry.ssl.truststore.location";
  private static final String REGISTRY_TRUSTSTORE_DOC = "Trust store for an https registry URL; empty for the JVM default.";
  public static final String REGISTRY_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  private static final String REGISTRY_TRUSTSTORE_PASSWORD_DOC = "Password of the registry trust store.";
  public static final String REGISTRY_MAX_RETRY_MS = "schema.registry.max.retry.time.ms";
  private static final String REGISTRY_MAX_RETRY_MS_DOC = "Total time one registry request is retried while the registry is unreachable or answers 5xx, with exponential backoff. A stream thread that cannot fetch a new schema id waits this long, then its task fails and is retried from the last committed offset: records are never dead-lettered for an outage.";
  public static final String STATE_DIR = "state.dir";
  private static final String STATE_DIR_DOC = "Directory of the RocksDB state stores.";
  public static final String PROCESSING_GUARANTEE = "processing.guarantee";
  private static final String PROCESSING_GUARANTEE_DOC = "exactly_once_v2 (default: no prediction lost or duplicated across crashes) or at_least_once (lower latency).";
  public static final String NUM_STREAM_THREADS = "num.stream.threads";
  private static final String NUM_STREAM_THREADS_DOC = "Stream threads per instance.";
  public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
  private static final String COMMIT_INTERVAL_MS_DOC = "Commit interval; -1 takes Kafka Streams' default (100 ms under exactly-once, 30 s otherwise). Under exactly-once it bounds the latency of predictions seen by read_committed consumers.";
  public static final String DECODED_STATES = "forecast.decoded.states";
  private static final String DECODED_STATES_DOC = "Symbol states each stream task keeps decoded between ticks (LRU), so a tick does not decode its symbol's state from the store's bytes; every change still goes to the store and its changelog. 0 decodes every tick.";
  public static final String DECODED_STATES_MAX_BYTES = "forecast.decoded.states.max.bytes";
  private static final String DECODED_STATES_MAX_BYTES_DOC = "Heap each stream task's decoded states (forecast.decoded.states) may hold, counted as each state's binary size plus 640 bytes; the first taken in is forgotten first. Heap for them: at most tasks x this.";
  public static final String ROCKSDB_BLOCK_CACHE_BYTES = "rocksdb.block.cache.bytes";
  private static final String ROCKSDB_BLOCK_CACHE_BYTES_DOC = "Off-heap bound of RocksDB for this instance: one LRU block cache shared by all state stores, holding data, index and filter blocks and charged with the memtables.";
  public static final String ROCKSDB_WRITE_BUFFER_BYTES = "rocksdb.write.buffer.bytes";
  private static final String ROCKSDB_WRITE_BUFFER_BYTES_DOC = "Memtables of all state stores of this instance together (a share of rocksdb.block.cache.bytes, charged to it); each store flushes when its memtable reaches a quarter of this, at most 16 MB.";
  public static final String CACHE_MAX_BYTES = "statestore.cache.max.bytes";
  private static final String CACHE_MAX_BYTES_DOC = "Record cache in front of the state store, shared by all threads.";

  // ---- topics -------------------------------------------------------------------------------
  public static final String TOPIC_TICKS = "topic.ticks";
  private static final String TOPIC_TICKS_DOC = "Input topic of Tick records, keyed by symbol.";
  public static final String TOPIC_PREDICTIONS = "topic.predictions";
  private static final String TOPIC_PREDICTIONS_DOC = "Output topic of Prediction records, keyed by symbol.";
  public static final String TOPIC_HISTORY = "topic.history";
  private static final String TOPIC_HISTORY_DOC = "Compacted topic of HistoryChunk records, keyed by symbol#chunkIndex; the trainer's data.";
  public static final String TOPIC_MODELS = "topic.models";
  private static final String TOPIC_MODELS_DOC = "Compacted topic of ModelRelease records, keyed by model name; read by every instance as a global store.";
  public static final String TOPIC_DLQ = "topic.dlq";
  private static final String TOPIC_DLQ_DOC = "Dead-letter topic: rejected input as received, with the reason and source topic/partition/offset in headers.";
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  private static final String TOPIC_PARTITIONS_DOC = "Partitions of the ticks, predictions, history and dead-letter topics when tickcast creates them.";
  public static final String TOPIC_REPLICATION = "topic.replication.factor";
  private static final String TOPIC_REPLICATION_DOC = "Replication factor of topics tickcast creates; -1 takes the broker's default.";
  public static final String TOPIC_HISTORY_RETENTION_MS = "topic.history.retention.ms";
  private static final String TOPIC_HISTORY_RETENTION_MS_DOC = "Time bound of the compacted history topic (cleanup.policy=compact,delete); -1 keeps chunks forever.";
  public static final String TOPICS_CREATE = "topics.create";
  private static final String TOPICS_CREATE_DOC = "Create missing topics at start. Existing topics are always checked: a wrong cleanup policy stops the start, naming the topic.";

  // ---- the model and the per-tick step --------------------------------------------------------
  public static final String MODEL_NAME = "model.name";
  private static final String MODEL_NAME_DOC = "Name of the model to serve and train (the key on the models topic).";
  public static final String FEATURE_HALF_LIFE = "forecast.feature.half.life.ticks";
  private static final String FEATURE_HALF_LIFE_DOC = "Half-life, in ticks, of the per-symbol EWMA mean and variance that normalise features.";
  public static final String WARMUP_TICKS = "forecast.warmup.ticks";
  private static final String WARMUP_TICKS_DOC = "Returns a symbol must have seen before the LSTM's forecast is emitted; until then the naive forecast, flagged WARMUP.";
  public static final String FEATURE_CLIP = "forecast.feature.clip";
  private static final String FEATURE_CLIP_DOC = "Normalised features are clipped to +-this.";
  public static final String ERROR_HALF_LIFE = "forecast.error.half.life.ticks";
  private static final String ERROR_HALF_LIFE_DOC = "Half-life, in ticks, of the online error figures; the emitted interval's scale is the emitted forecast's RMS error over it.";
  public static final String FALLBACK_MIN_TICKS = "forecast.fallback.min.ticks";
  private static final String FALLBACK_MIN_TICKS_DOC = "Scored ticks of a symbol's LSTM before the emitted forecast may move from the LSTM alone to the online combination (and so to FALLBACK).";
  public static final String FALLBACK_MARGIN = "forecast.fallback.margin";
  private static final String FALLBACK_MARGIN_DOC = "Unused since the emitted forecast is an online combination (forecast.blend.*): FALLBACK now means the LSTM holds under 1% of the weight. Still accepted, so existing configurations load.";
  public static final String REWARM_WINDOW = "forecast.rewarm.window";
  private static final String REWARM_WINDOW_DOC = "Recent inputs kept per symbol; after a model swap the new model is run over them from a zero state before it predicts.";
  public static final String PREDICTION_CLIP = "forecast.prediction.clip";
  private static final String PREDICTION_CLIP_DOC = "Model outputs (normalised returns) are clipped to +-this.";
  public static final String INTERVAL_LEVEL = "forecast.interval.level";
  private static final String INTERVAL_LEVEL_DOC = "Nominal coverage of the prediction interval, kept online per symbol by adaptive conformal quantile tracking of the emitted forecast's errors (each side on its own); it starts from normal quantiles of the online error.";
  public static final String INTERVAL_LEARNING_RATE = "forecast.interval.learning.rate";
  private static final String INTERVAL_LEARNING_RATE_DOC = "Step of the conformal quantile tracking per tick, in units of the online RMS error: larger adapts faster to a change in the error distribution, smaller gives a steadier width. Per side, the share of misses differs from its target by at most (distance the quantile moved) / (rate x ticks).";
  public static final String HORIZONS = "forecast.horizons";
  private static final String HORIZONS_DOC = "Forecast horizons in ticks, comma-separated, strictly increasing and starting with 1 (at most 8, each at most 200). Every prediction carries, per horizon h, the predicted price h ticks ahead, the cumulative log-return to it and a calibrated interval; the top-level fields stay horizon 1. A model release whose horizons differ is refused (a one-output model serves horizon 1 and forecasts the mean drift beyond it).";
  private static final ConfigDef.Validator HORIZONS_VALIDATOR = (name, value) -> {
    try {
      @SuppressWarnings("unchecked")
      List<String> list = (List<String>) value;
      Horizons.parse(String.join(",", list));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new ConfigException(name, value, e.getMessage());
    }
  };
  public static final String BLEND_LEARNING_RATE = "forecast.blend.learning.rate";
  private static final String BLEND_LEARNING_RATE_DOC = "Learning rate of the exponentially weighted combination of the LSTM and the baselines, on squared return errors divided by naive's online mean squared error: weights are proportional to exp(-rate x discounted loss). Its cumulative loss exceeds the best forecaster's by at most ln(6)/rate such units where the losses are exp-concave (rate <= 1/18 for returns within 3 units); 0.5 adapts faster and measured better in the backtests.";
  public static final String BLEND_HALF_LIFE = "forecast.blend.half.life.ticks";
  private static final String BLEND_HALF_LIFE_DOC = "Half-life, in ticks, of the discounted losses that weigh the forecasters in the emitted combination.";
  public static final String STALE_POLICY = "forecast.stale.policy";
  private static final String STALE_POLICY_DOC = "Ticks strictly before their symbol's last time: drop (count and drop) or dead-letter (count and send to the dead-letter topic as out_of_order). Ticks at the same time as the last are valid and processed in offset order.";
  public static final String DROP_DUPLICATES = "ticks.drop.duplicates";
  private static final String DROP_DUPLICATES_DOC = "Drop (and count) a tick whose time, price and volume equal its symbol's last tick's. Off by default: real feeds repeat ticks legitimately, and a replayed series then loses none.";
  public static final String REKEY = "ticks.rekey";
  private static final String REKEY_DOC = "Re-key ticks by their symbol through a repartition topic before forecasting, so feeds that produce without a key (or with another key) work and each symbol's state stays in one task. Ticks of one symbol spread over several partitions reach the forecaster in the order their partitions were processed, not the feed's: one that arrives after a later tick of its symbol is handled by forecast.stale.policy. Off: a tick whose key is missing is dead-lettered as key_missing, one whose key differs from its symbol as key_mismatch.";
  public static final String MAX_SYMBOL_LENGTH = "forecast.max.symbol.length";
  private static final String MAX_SYMBOL_LENGTH_DOC = "Longer symbols are dead-lettered.";
  public static final String MAX_FUTURE_SKEW_MS = "forecast.max.future.skew.ms";
  private static final String MAX_FUTURE_SKEW_MS_DOC = "Ticks stamped further ahead of the wall clock are dead-lettered.";
  public static final String CHUNK_TICKS = "history.chunk.ticks";
  private static final String CHUNK_TICKS_DOC = "A history chunk closes when it holds this many ticks.";
  public static final String CHUNK_MS = "history.chunk.ms";
  private static final String CHUNK_MS_DOC = "A history chunk closes when it spans this much event time, or has been open this long by the wall clock.";
  public static final String SMA_WINDOW = "baseline.sma.window";
  private static final String SMA_WINDOW_DOC = "Prices averaged by the SMA baseline.";
  public static final String EMA_ALPHA = "baseline.ema.alpha";
  private static final String EMA_ALPHA_DOC = "Weight of the newest price in the EMA baseline.";
  public static final String KALMAN_SNR = "baseline.kalman.snr";
  private static final String KALMAN_SNR_DOC = "Level-noise to observation-noise ratio of the local-level Kalman baseline.";
  public static final String AR_FORGETTING = "baseline.ar.forgetting";
  private static final String AR_FORGETTING_DOC = "RLS forgetting factor of the AR(1) baseline (1 = none).";

  // ---- HTTP and metrics -------------------------------------------------------------------------
  public static final String HTTP_HOST = "http.host";
  private static final String HTTP_HOST_DOC = "Bind address of the HTTP server (/metrics, /health, /ready, /forecast/{symbol}, /models/current).";
  public static final String HTTP_PORT = "http.port";
  private static final String HTTP_PORT_DOC = "Port of the HTTP server; 0 picks a free one; -1 disables it.";
  public static final String HTTP_ADVERTISED_HOST = "http.advertised.host";
  private static final String HTTP_ADVERTISED_HOST_DOC = "Host other instances use to reach this one's HTTP server for /forecast of symbols it owns; empty = http.host.";
  public static final String METRICS_SYMBOLS = "metrics.symbols";
  private static final String METRICS_SYMBOLS_DOC = "Symbols that get per-symbol meters (bounded label cardinality); all others only count in the aggregates.";

  // ---- the trainer ----------------------------------------------------------------------------------
  public static final String TRAIN_INTERVAL_MS = "train.interval.ms";
  private static final String TRAIN_INTERVAL_MS_DOC = "The scheduled trainer runs every this many ms ...";
  public static final String TRAIN_AFTER_CHUNKS = "train.after.chunks";
  private static final String TRAIN_AFTER_CHUNKS_DOC = "... or after this many new history chunks, whichever comes first.";
  public static final String TRAIN_HIDDEN = "train.hidden.size";
  private static final String TRAIN_HIDDEN_DOC = "Hidden size of a model trained from scratch.";
  public static final String TRAIN_LAYERS = "train.layers";
  private static final String TRAIN_LAYERS_DOC = "LSTM layers of a model trained from scratch (1 to 3).";
  public static final String TRAIN_SEQUENCE_LENGTH = "train.sequence.length";
  private static final String TRAIN_SEQUENCE_LENGTH_DOC = "Truncated-BPTT window: ticks per training sequence.";
  public static final String TRAIN_BURN_IN = "train.burn.in";
  private static final String TRAIN_BURN_IN_DOC = "Leading steps of each sequence not scored, so the state is warm where the loss is taken.";
  public static final String TRAIN_BATCH_SIZE = "train.batch.size";
  private static final String TRAIN_BATCH_SIZE_DOC = "Sequences per mini-batch.";
  public static final String TRAIN_LEARNING_RATE = "train.learning.rate";
  private static final String TRAIN_LEARNING_RATE_DOC = "Adam learning rate.";
  public static final String TRAIN_MAX_EPOCHS = "train.max.epochs";
  private static final String TRAIN_MAX_EPOCHS_DOC = "Upper bound of training epochs per run.";
  public static final String TRAIN_PATIENCE = "train.patience";
  private static final String TRAIN_PATIENCE_DOC = "Early stopping: epochs without a better validation loss before training stops.";
  public static final String TRAIN_VALIDATION_FRACTION = "train.validation.fraction";
  private static final String TRAIN_VALIDATION_FRACTION_DOC = "Most recent share of every symbol's history held out for validation.";
  public static final String TRAIN_MAX_SEQUENCES = "train.max.sequences";
  private static final String TRAIN_MAX_SEQUENCES_DOC = "Cap on training sequences per run: above it, a uniform sample across symbols and time is kept (seeded by train.seed).";
  public static final String TRAIN_HISTORY_WINDOW_MS = "train.history.window.ms";
  private static final String TRAIN_HISTORY_WINDOW_MS_DOC = "Event time of history a training run reads, back from the wall clock: each partition of the history topic is read from the first chunk at or after that time (located with offsetsForTimes); -1 reads the whole topic.";
  public static final String TRAIN_SEED = "train.seed";
  private static final String TRAIN_SEED_DOC = "Seed of initialisation and shuffling; the same seed and data give the same weights.";
  public static final String TRAIN_THREADS = "train.threads";
  private static final String TRAIN_THREADS_DOC = "Threads a training run uses (never the stream threads).";

  public static final ConfigDef CONFIG = new ConfigDef()
      .define(BOOTSTRAP_SERVERS, Type.LIST, "localhost:9092", Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
      .define(APPLICATION_ID, Type.STRING, "tickcast", new ConfigDef.NonEmptyString(), Importance.HIGH, APPLICATION_ID_DOC)
      .define(REGISTRY_URL, Type.STRING, "http://localhost:8081", new ConfigDef.NonEmptyString(), Importance.HIGH, REGISTRY_URL_DOC)
      .define(REGISTRY_BASIC_AUTH, Type.PASSWORD, "", Importance.MEDIUM, REGISTRY_BASIC_AUTH_DOC)
      .define(REGISTRY_TRUSTSTORE, Type.STRING, "", Importance.LOW, REGISTRY_TRUSTSTORE_DOC)
      .define(REGISTRY_TRUSTSTORE_PASSWORD, Type.PASSWORD, "", Importance.LOW, REGISTRY_TRUSTSTORE_PASSWORD_DOC)
      .define(REGISTRY_MAX_RETRY_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW, REGISTRY_MAX_RETRY_MS_DOC)
      .define(STATE_DIR, Type.STRING, System.getProperty("java.io.tmpdir") + "/tickcast-state", Importance.HIGH, STATE_DIR_DOC)
      .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
          ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.HIGH, PROCESSING_GUARANTEE_DOC)
      .define(NUM_STREAM_THREADS, Type.INT, 1, Range.between(1, 64), Importance.MEDIUM, NUM_STREAM_THREADS_DOC)
      .define(COMMIT_INTERVAL_MS, Type.LONG, -1L, Range.atLeast(-1), Importance.MEDIUM, COMMIT_INTERVAL_MS_DOC)
      .define(DECODED_STATES, Type.INT, 2048, Range.between(0, 1_000_000), Importance.LOW, DECODED_STATES_DOC)
      .define(DECODED_STATES_MAX_BYTES, Type.LONG, 32L * 1024 * 1024, Range.atLeast(0), Importance.LOW, DECODED_STATES_MAX_BYTES_DOC)
      .define(ROCKSDB_BLOCK_CACHE_BYTES, Type.LONG, 128L * 1024 * 1024, Range.atLeast(1L << 20), Importance.LOW, ROCKSDB_BLOCK_CACHE_BYTES_DOC)
      .define(ROCKSDB_WRITE_BUFFER_BYTES, Type.LONG, 32L * 1024 * 1024, Range.atLeast(1L << 20), Importance.LOW, ROCKSDB_WRITE_BUFFER_BYTES_DOC)
      .define(CACHE_MAX_BYTES, Type.LONG, 10L * 1024 * 1024, Range.atLeast(0), Importance.LOW, CACHE_MAX_BYTES_DOC)
      .define(TOPIC_TICKS, Type.STRING, "ticks", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_TICKS_DOC)
      .define(TOPIC_PREDICTIONS, Type.STRING, "predictions", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_PREDICTIONS_DOC)
      .define(TOPIC_HISTORY, Type.STRING, "tick-history", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_HISTORY_DOC)
      .define(TOPIC_MODELS, Type.STRING, "models", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_MODELS_DOC)
      .define(TOPIC_DLQ, Type.STRING, "ticks-dlq", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_DLQ_DOC)
      .define(TOPIC_PARTITIONS, Type.INT, 4, Range.between(1, 10_000), Importance.MEDIUM, TOPIC_PARTITIONS_DOC)
      .define(TOPIC_REPLICATION, Type.SHORT, (short) -1, Importance.MEDIUM, TOPIC_REPLICATION_DOC)
      .define(TOPIC_HISTORY_RETENTION_MS, Type.LONG, 30L * 24 * 3600 * 1000, Range.atLeast(-1), Importance.MEDIUM, TOPIC_HISTORY_RETENTION_MS_DOC)
      .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.LOW, TOPICS_CREATE_DOC)
      .define(MODEL_NAME, Type.STRING, "tickcast", new ConfigDef.NonEmptyString(), Importance.MEDIUM, MODEL_NAME_DOC)
      .define(FEATURE_HALF_LIFE, Type.DOUBLE, FeatureSettings.DEFAULTS.halfLifeTicks(), Range.atLeast(1), Importance.MEDIUM, FEATURE_HALF_LIFE_DOC)
      .define(WARMUP_TICKS, Type.INT, FeatureSettings.DEFAULTS.warmupTicks(), Range.atLeast(2), Importance.MEDIUM, WARMUP_TICKS_DOC)
      .define(FEATURE_CLIP, Type.DOUBLE, FeatureSettings.DEFAULTS.clip(), Range.atLeast(0.1), Importance.LOW, FEATURE_CLIP_DOC)
      .define(ERROR_HALF_LIFE, Type.DOUBLE, ForecastSettings.DEFAULTS.errorHalfLifeTicks(), Range.atLeast(1), Importance.MEDIUM, ERROR_HALF_LIFE_DOC)
      .define(FALLBACK_MIN_TICKS, Type.INT, ForecastSettings.DEFAULTS.fallbackMinTicks(), Range.atLeast(1), Importance.MEDIUM, FALLBACK_MIN_TICKS_DOC)
      .define(FALLBACK_MARGIN, Type.DOUBLE, ForecastSettings.DEFAULTS.fallbackMargin(), Range.atLeast(0), Importance.MEDIUM, FALLBACK_MARGIN_DOC)
      .define(REWARM_WINDOW, Type.INT, ForecastSettings.DEFAULTS.rewarmWindow(), Range.between(1, 4096), Importance.MEDIUM, REWARM_WINDOW_DOC)
      .define(PREDICTION_CLIP, Type.DOUBLE, ForecastSettings.DEFAULTS.predictionClip(), Range.atLeast(0.01), Importance.LOW, PREDICTION_CLIP_DOC)
      .define(INTERVAL_LEVEL, Type.DOUBLE, ForecastSettings.DEFAULTS.intervalLevel(), Range.between(0.01, 0.999), Importance.LOW, INTERVAL_LEVEL_DOC)
      .define(INTERVAL_LEARNING_RATE, Type.DOUBLE, QualitySettings.DEFAULTS.intervalRate(), Range.between(1e-6, 1.0), Importance.LOW, INTERVAL_LEARNING_RATE_DOC)
      .define(HORIZONS, Type.LIST, Horizons.DEFAULT.toString(), HORIZONS_VALIDATOR, Importance.MEDIUM, HORIZONS_DOC)
      .define(BLEND_LEARNING_RATE, Type.DOUBLE, QualitySettings.DEFAULTS.blendRate(), Range.between(1e-9, 1e6), Importance.LOW, BLEND_LEARNING_RATE_DOC)
      .define(BLEND_HALF_LIFE, Type.DOUBLE, QualitySettings.DEFAULTS.blendHalfLifeTicks(), Range.atLeast(1), Importance.LOW, BLEND_HALF_LIFE_DOC)
      .define(STALE_POLICY, Type.STRING, "drop", ValidString.in("drop", "dead-letter"), Importance.MEDIUM, STALE_POLICY_DOC)
      .define(DROP_DUPLICATES, Type.BOOLEAN, false, Importance.LOW, DROP_DUPLICATES_DOC)
      .define(REKEY, Type.BOOLEAN, false, Importance.MEDIUM, REKEY_DOC)
      .define(MAX_SYMBOL_LENGTH, Type.INT, ForecastSettings.DEFAULTS.maxSymbolLength(), Range.between(1, 4096), Importance.LOW, MAX_SYMBOL_LENGTH_DOC)
      .define(MAX_FUTURE_SKEW_MS, Type.LONG, ForecastSettings.DEFAULTS.maxFutureSkewMillis(), Range.atLeast(0), Importance.LOW, MAX_FUTURE_SKEW_MS_DOC)
      .define(CHUNK_TICKS, Type.INT, ForecastSettings.DEFAULTS.chunkMaxTicks(), Range.between(1, 100_000), Importance.MEDIUM, CHUNK_TICKS_DOC)
      .define(CHUNK_MS, Type.LONG, ForecastSettings.DEFAULTS.chunkMaxMillis(), Range.atLeast(1), Importance.MEDIUM, CHUNK_MS_DOC)
      .define(SMA_WINDOW, Type.INT, BaselineSettings.DEFAULTS.smaWindow(), Range.between(1, 1024), Importance.LOW, SMA_WINDOW_DOC)
      .define(EMA_ALPHA, Type.DOUBLE, BaselineSettings.DEFAULTS.emaAlpha(), Range.between(1e-6, 1.0), Importance.LOW, EMA_ALPHA_DOC)
      .define(KALMAN_SNR, Type.DOUBLE, BaselineSettings.DEFAULTS.kalmanSignalToNoise(), Range.atLeast(1e-9), Importance.LOW, KALMAN_SNR_DOC)
      .define(AR_FORGETTING, Type.DOUBLE, BaselineSettings.DEFAULTS.arForgetting(), Range.between(0.9001, 1.0), Importance.LOW, AR_FORGETTING_DOC)
      .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM, HTTP_HOST_DOC)
      .define(HTTP_PORT, Type.INT, 8080, Range.between(-1, 65535), Importance.MEDIUM, HTTP_PORT_DOC)
      .define(HTTP_ADVERTISED_HOST, Type.STRING, "", Importance.LOW, HTTP_ADVERTISED_HOST_DOC)
      .define(METRICS_SYMBOLS, Type.LIST, "", Importance.LOW, METRICS_SYMBOLS_DOC)
      .define(TRAIN_INTERVAL_MS, Type.LONG, 600_000L, Range.atLeast(1000), Importance.MEDIUM, TRAIN_INTERVAL_MS_DOC)
      .define(TRAIN_AFTER_CHUNKS, Type.INT, 500, Range.atLeast(1), Importance.MEDIUM, TRAIN_AFTER_CHUNKS_DOC)
      .define(TRAIN_HIDDEN, Type.INT, 32, Range.between(1, 1024), Importance.MEDIUM, TRAIN_HIDDEN_DOC)
      .define(TRAIN_LAYERS, Type.INT, 1, Range.between(1, 3), Importance.MEDIUM, TRAIN_LAYERS_DOC)
      .define(TRAIN_SEQUENCE_LENGTH, Type.INT, 48, Range.between(2, 4096), Importance.MEDIUM, TRAIN_SEQUENCE_LENGTH_DOC)
      .define(TRAIN_BURN_IN, Type.INT, 16, Range.atLeast(0), Importance.MEDIUM, TRAIN_BURN_IN_DOC)
      .define(TRAIN_BATCH_SIZE, Type.INT, 64, Range.between(1, 65_536), Importance.MEDIUM, TRAIN_BATCH_SIZE_DOC)
      .define(TRAIN_LEARNING_RATE, Type.DOUBLE, 0.003, Range.between(1e-7, 1.0), Importance.MEDIUM, TRAIN_LEARNING_RATE_DOC)
      .define(TRAIN_MAX_EPOCHS, Type.INT, 30, Range.between(1, 10_000), Importance.MEDIUM, TRAIN_MAX_EPOCHS_DOC)
      .define(TRAIN_PATIENCE, Type.INT, 4, Range.atLeast(1), Importance.LOW, TRAIN_PATIENCE_DOC)
      .define(TRAIN_VALIDATION_FRACTION, Type.DOUBLE, 0.2, Range.between(0.01, 0.9), Importance.MEDIUM, TRAIN_VALIDATION_FRACTION_DOC)
      .define(TRAIN_MAX_SEQUENCES, Type.INT, 20_000, Range.atLeast(1), Importance.LOW, TRAIN_MAX_SEQUENCES_DOC)
      .define(TRAIN_HISTORY_WINDOW_MS, Type.LONG, -1L, Range.atLeast(-1), Importance.MEDIUM, TRAIN_HISTORY_WINDOW_MS_DOC)
      .define(TRAIN_SEED, Type.LONG, 7L, Importance.LOW, TRAIN_SEED_DOC)
      .define(TRAIN_THREADS, Type.INT, 2, Range.between(1, 64), Importance.LOW, TRAIN_THREADS_DOC);

  private TickcastConfig(Map<String, ?> props) {
    super(CONFIG, props, false);
    int seqLen = getInt(TRAIN_SEQUENCE_LENGTH);
    if (getInt(TRAIN_BURN_IN) >= seqLen) {
      throw new ConfigException(TRAIN_BURN_IN, getInt(TRAIN_BURN_IN), "must be smaller than " + TRAIN_SEQUENCE_LENGTH + " (" + seqLen + ")");
    }
  }

  /** Builds the config from explicit properties only (tests, embedded use). */
  public static TickcastConfig of(Map<String, ?> props) {
    return new TickcastConfig(props);
  }

  /**
   * Loads: the defaults, then {@code base} (a command's own defaults), then the properties file (if
   * given), then {@code TICKCAST_*} environment variables, then the overrides.
   */
  public static TickcastConfig load(Map<String, ?> base, Path propertiesFile, Map<String, String> env, Map<String, ?> overrides) {
    Map<String, Object> merged = new HashMap<>(base);
    if (propertiesFile != null) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(propertiesFile)) {
        p.load(in);
      } catch (IOException e) {
        throw new ConfigException("cannot read the properties file " + propertiesFile + ": " + e.getMessage());
      }
      p.forEach((k, v) -> merged.put(k.toString(), v));
    }
    merged.putAll(fromEnvironment(env));
    merged.putAll(overrides);
    return new TickcastConfig(merged);
  }

  /** Maps {@code TICKCAST_FOO_BAR} to the defined key {@code foo.bar} (or the streams.-prefixed passthrough). */
  static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> byEnvName = new HashMap<>();
    for (String key : CONFIG.names()) {
      byEnvName.put(envName(key), key);
    }
    Map<String, String> out = new HashMap<>();
    env.forEach((name, value) -> {
      if (!name.startsWith(ENV_PREFIX)) {
        return;
      }
      String key = byEnvName.get(name);
      if (key != null) {
        out.put(key, value);
      } else if (name.startsWith(ENV_PREFIX + "STREAMS_")) {
        out.put(STREAMS_PREFIX + name.substring((ENV_PREFIX + "STREAMS_").length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return out;
  }

  /** The environment variable that overrides a key. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String registryBasicAuth() {
    Password p = getPassword(REGISTRY_BASIC_AUTH);
    return p == null ? "" : p.value();
  }

  public String registryTruststorePassword() {
    Password p = getPassword(REGISTRY_TRUSTSTORE_PASSWORD);
    return p == null ? "" : p.value();
  }

  /**
   * Extra Kafka Streams and client properties given with the {@value #STREAMS_PREFIX} prefix, the
   * prefix removed; secrets ({@link KafkaClientFactory#isSecret}) as {@link Password} values. Which
   * client gets which: {@link KafkaClientFactory}.
   */
  public Map<String, Object> streamsPassthrough() {
    Map<String, Object> out = new HashMap<>();
    originalsWithPrefix(STREAMS_PREFIX, true).forEach((k, v) -> out.put(k, KafkaClientFactory.typed(k, v)));
    return out;
  }

  public ForecastSettings forecastSettings() {
    FeatureSettings features = new FeatureSettings(getDouble(FEATURE_HALF_LIFE), getInt(WARMUP_TICKS), getDouble(FEATURE_CLIP));
    BaselineSettings baselines = new BaselineSettings(getInt(SMA_WINDOW), getDouble(EMA_ALPHA), getDouble(KALMAN_SNR), getDouble(AR_FORGETTING));
    return new ForecastSettings(features, baselines, getDouble(ERROR_HALF_LIFE), getInt(FALLBACK_MIN_TICKS),
        getDouble(FALLBACK_MARGIN), getInt(REWARM_WINDOW), getDouble(PREDICTION_CLIP), getDouble(INTERVAL_LEVEL),
        getInt(CHUNK_TICKS), getLong(CHUNK_MS), getInt(MAX_SYMBOL_LENGTH), getLong(MAX_FUTURE_SKEW_MS),
        "dead-letter".equals(getString(STALE_POLICY)) ? StalePolicy.DEAD_LETTER : StalePolicy.DROP,
        getBoolean(DROP_DUPLICATES),
        new QualitySettings(getDouble(BLEND_LEARNING_RATE), getDouble(BLEND_HALF_LIFE), getDouble(INTERVAL_LEARNING_RATE),
            horizons()));
  }

  /** {@code forecast.horizons}. */
  public Horizons horizons() {
    return Horizons.parse(String.join(",", getList(HORIZONS)));
  }



  public List<String> metricsSymbols() {
    return getList(METRICS_SYMBOLS);
  }

  /** The settings table of the README, generated from {@link #CONFIG}. */
  public static String markdownTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| setting | environment | default | description |\n|---|---|---|---|\n");
    for (ConfigDef.ConfigKey k : CONFIG.configKeys().values()) {
      Object def = k.defaultValue;
      String shown;
      if (k.type == Type.PASSWORD) {
        shown = "(empty)";
      } else if (k.name.equals(STATE_DIR)) {
        shown = "`${java.io.tmpdir}/tickcast-state`";
      } else if (def instanceof List<?> l) {
        shown = l.isEmpty() ? "(empty)" : "`" + String.join(",", l.stream().map(Object::toString).toList()) + "`";
      } else {
        shown = def == null || def.toString().isEmpty() ? "(empty)" : "`" + def + "`";
      }
      sb.append("| `").append(k.name).append("` | `").append(envName(k.name)).append("` | ").append(shown)
          .append(" | ").append(k.documentation.replace("|", "\\|")).append(" |\n");
    }
    return sb.toString();
  }
}

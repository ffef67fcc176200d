package io.tickcast.stream;

import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The streams application: the {@link ForecastTopology} under a {@link KafkaStreams} configured from
 * {@link TickcastConfig}.
 *
 * <p>A stream thread that dies is replaced unless a restart cannot fix its cause
 * ({@link StreamThreadFailurePolicy}), so a broker or registry outage does not take the process down.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #close()} stops the stream threads (flushing state and
 * committing under exactly-once) and may be called from any thread, also from a shutdown hook.
 */
public final class ForecastApp implements AutoCloseable {
  private final KafkaStreams streams;
  private final ModelHolder models;
  private final Topics topics;

  public ForecastApp(TickcastConfig config, Topics topics, ForecastListener listener, String applicationServer) {
    this.topics = topics;
    this.models = new ModelHolder(config.getString(TickcastConfig.MODEL_NAME), config.forecastSettings().features(),
        config.horizons(), listener);
    Topology topology = ForecastTopology.build(topics, config.forecastSettings(), models, listener,
        config.getInt(TickcastConfig.DECODED_STATES), config.getLong(TickcastConfig.DECODED_STATES_MAX_BYTES),
        config.getBoolean(TickcastConfig.REKEY));
    this.streams = KafkaClientFactory.of(config).streams(topology, streamsProperties(config, topics, listener, applicationServer));
    streams.setUncaughtExceptionHandler(new StreamThreadFailurePolicy(listener, System::currentTimeMillis));
  }

  /** The Kafka Streams properties derived from the settings; {@code streams.*} passthrough wins. */
  public static Properties streamsProperties(TickcastConfig config, Topics topics, ForecastListener listener, String applicationServer) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(TickcastConfig.APPLICATION_ID));
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.getList(TickcastConfig.BOOTSTRAP_SERVERS)));
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(TickcastConfig.STATE_DIR));
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(TickcastConfig.PROCESSING_GUARANTEE));
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(TickcastConfig.NUM_STREAM_THREADS));
    long commit = config.getLong(TickcastConfig.COMMIT_INTERVAL_MS);
    if (commit >= 0) {
      p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commit);
    }
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, config.getLong(TickcastConfig.CACHE_MAX_BYTES));
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    p.put(BoundedRocksDbMemory.BLOCK_CACHE_BYTES, config.getLong(TickcastConfig.ROCKSDB_BLOCK_CACHE_BYTES));
    p.put(BoundedRocksDbMemory.WRITE_BUFFER_BYTES, config.getLong(TickcastConfig.ROCKSDB_WRITE_BUFFER_BYTES));
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
    p.put(DeadLetterDeserializationHandler.DLQ_TOPIC, topics.deadLetters().name());
    p.put(DeadLetterDeserializationHandler.LISTENER, listener);
    // a tick feed that restarts replays from the start of its partition: read from the earliest offset
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    if (applicationServer != null && !applicationServer.isBlank()) {
      p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    }
    return KafkaClientFactory.of(config).streamsProperties(p);
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams streams() {
    return streams;
  }

  public ModelHolder models() {
    return models;
  }

  public Topics topics() {
    return topics;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}

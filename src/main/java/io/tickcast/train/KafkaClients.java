package io.tickcast.train;

import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.TickcastConfig;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/** The trainer's readers, made by the {@link KafkaClientFactory} of the settings. */
final class KafkaClients {
  private KafkaClients() {}

  /** A consumer that reads committed data only and never commits offsets (reads are always from the beginning). */
  static <K, V> KafkaConsumer<K, V> reader(TickcastConfig config, Deserializer<K> keys, Deserializer<V> values) {
    return KafkaClientFactory.of(config).consumer(
        Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024),
        Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        keys, values);
  }
}

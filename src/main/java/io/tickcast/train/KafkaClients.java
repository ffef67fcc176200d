package io.tickcast.train;

import io.tickcast.config.TickcastConfig;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** Client properties the trainer's plain Kafka clients share. */
final class KafkaClients {
  private KafkaClients() {}

  static Properties base(TickcastConfig config) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.getList(TickcastConfig.BOOTSTRAP_SERVERS)));
    return p;
  }

  /** A consumer that reads committed data only and never commits offsets (reads are always from the beginning). */
  static Properties reader(TickcastConfig config) {
    Properties p = base(config);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    return p;
  }
}

package io.tickcast.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a whole topic with a read_committed consumer, for assertions. */
public final class TopicReader {
  private TopicReader() {}

  /**
   * Polls the topic from the beginning until {@code done} holds for what was read, or the timeout;
   * returns everything read.
   */
  public static <K, V> List<ConsumerRecord<K, V>> readUntil(String bootstrap, String topic, Deserializer<K> keys,
      Deserializer<V> values, Duration timeout, Predicate<List<ConsumerRecord<K, V>>> done) {
    return readUntil(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topic, keys, values, timeout, done);
  }

  /** As {@link #readUntil(String, String, Deserializer, Deserializer, Duration, Predicate)}, with client settings (bootstrap servers, security). */
  public static <K, V> List<ConsumerRecord<K, V>> readUntil(Map<String, ?> client, String topic, Deserializer<K> keys,
      Deserializer<V> values, Duration timeout, Predicate<List<ConsumerRecord<K, V>>> done) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(p, keys, values)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(pi -> new TopicPartition(topic, pi.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r);
        }
        if (done.test(out)) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * Reads until at least {@code count} records arrived (or the timeout), then keeps reading for
   * {@code settle} more, so that records beyond the expected count, such as duplicates, are seen.
   */
  public static <K, V> List<ConsumerRecord<K, V>> readSettled(String bootstrap, String topic, Deserializer<K> keys,
      Deserializer<V> values, int count, Duration timeout, Duration settle) {
    long[] settledAt = {0};
    return readUntil(bootstrap, topic, keys, values, timeout.plus(settle), got -> {
      if (got.size() < count) {
        return false;
      }
      if (settledAt[0] == 0) {
        settledAt[0] = System.nanoTime() + settle.toNanos();
      }
      return System.nanoTime() >= settledAt[0];
    });
  }

  /** Everything on the topic up to its current end offsets. */
  public static <K, V> List<ConsumerRecord<K, V>> readAll(String bootstrap, String topic, Deserializer<K> keys,
      Deserializer<V> values, Duration timeout) {
    return readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topic, keys, values, timeout);
  }

  /** As {@link #readAll(String, String, Deserializer, Deserializer, Duration)}, with client settings (bootstrap servers, security). */
  public static <K, V> List<ConsumerRecord<K, V>> readAll(Map<String, ?> client, String topic, Deserializer<K> keys,
      Deserializer<V> values, Duration timeout) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(p, keys, values)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(pi -> new TopicPartition(topic, pi.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r);
        }
        boolean atEnd = parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
        if (atEnd) {
          break;
        }
      }
    }
    return out;
  }
}

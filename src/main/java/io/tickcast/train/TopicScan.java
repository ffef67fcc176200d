package io.tickcast.train;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads every partition of a topic from the beginning to the end offsets taken when the scan
 * starts: records appended during the scan are left for the next one, so a scan always ends.
 */
final class TopicScan {
  private TopicScan() {}

  /**
   * @return the sum of the end offsets scanned to (a count of records ever appended, which only grows)
   * @throws TimeoutException when the end is not reached within {@code timeout}
   */
  static <K, V> long scan(KafkaConsumer<K, V> consumer, String topic, Duration timeout, BiConsumer<K, V> sink) {
    return scan(consumer, topic, -1, timeout, sink);
  }

  /**
   * Like {@link #scan(KafkaConsumer, String, Duration, BiConsumer)}, but each partition from its first
   * record stamped at or after {@code fromTimestamp} (located with {@code offsetsForTimes}; a partition
   * with none is skipped); a negative {@code fromTimestamp} reads from the beginning.
   */
  static <K, V> long scan(KafkaConsumer<K, V> consumer, String topic, long fromTimestamp, Duration timeout,
      BiConsumer<K, V> sink) {
    List<TopicPartition> parts = consumer.partitionsFor(topic, timeout).stream()
        .map(pi -> new TopicPartition(topic, pi.partition())).toList();
    if (parts.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    consumer.assign(parts);
    Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
    if (fromTimestamp < 0) {
      consumer.seekToBeginning(parts);
    } else {
      Map<TopicPartition, Long> query = new java.util.HashMap<>();
      parts.forEach(tp -> query.put(tp, fromTimestamp));
      Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
      for (TopicPartition tp : parts) {
        var at = found.get(tp);
        consumer.seek(tp, at == null ? end.get(tp) : at.offset());
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("did not reach the end of " + topic + " within " + timeout);
      }
      for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
          sink.accept(r.key(), r.value());
        }
      }
    }
    return end.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The sum of a topic's end offsets, without reading it. */
  static long endOffsetSum(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
    List<TopicPartition> parts = consumer.partitionsFor(topic, timeout).stream()
        .map(pi -> new TopicPartition(topic, pi.partition())).toList();
    return consumer.endOffsets(parts, timeout).values().stream().mapToLong(Long::longValue).sum();
  }
}

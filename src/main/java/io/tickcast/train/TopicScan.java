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
    List<TopicPartition> parts = consumer.partitionsFor(topic, timeout).stream()
        .map(pi -> new TopicPartition(topic, pi.partition())).toList();
    if (parts.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
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

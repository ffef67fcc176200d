package io.tickcast.train;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
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

  /** What a scan in time order hands its receiver. */
  interface TimeOrderedSink<K, V> {
    /** Before the scan, each of the last {@link #TAIL_PEEK} records (at most) of every partition's range. */
    void tail(K key, V value);

    /** Then each record of the range, in the merged order. */
    void accept(K key, V value);
  }

  /** Records of the partitions at their end to peek at for the newest timestamp. */
  private static final int TAIL_PEEK = 32;

  /**
   * Like {@link #scan(KafkaConsumer, String, long, Duration, BiConsumer)}, but the records of all
   * partitions are passed on merged by timestamp (a partition's own records in offset order): a
   * record is passed on only when every partition not yet read to its end has a record buffered,
   * the one with the smallest timestamp first (ties: lower partition first). Partitions with records
   * buffered are paused, so at most one poll's records per partition are held. Records whose
   * timestamps grow with a key's order (the history chunks of one symbol, stamped with their last
   * tick's time, whatever partition their keys hash to) are passed on in that order. Before the
   * scan, the receiver is shown the last records of each partition's range ({@link
   * TimeOrderedSink#tail}), so it knows the newest data before the first record.
   */
  static <K, V> long scanInTimeOrder(KafkaConsumer<K, V> consumer, String topic, long fromTimestamp, Duration timeout,
      TimeOrderedSink<K, V> sink) {
    List<TopicPartition> parts = consumer.partitionsFor(topic, timeout).stream()
        .map(pi -> new TopicPartition(topic, pi.partition())).toList();
    if (parts.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    consumer.assign(parts);
    Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
    Map<TopicPartition, Long> start = new HashMap<>();
    if (fromTimestamp < 0) {
      start.putAll(consumer.beginningOffsets(parts, timeout));
    } else {
      Map<TopicPartition, Long> query = new HashMap<>();
      parts.forEach(tp -> query.put(tp, fromTimestamp));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
      for (TopicPartition tp : parts) {
        OffsetAndTimestamp at = found.get(tp);
        start.put(tp, at == null ? end.get(tp) : at.offset());
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    peekTails(consumer, parts, start, end, deadline, topic, timeout, sink);
    parts.forEach(tp -> consumer.seek(tp, start.get(tp)));
    Map<TopicPartition, ArrayDeque<ConsumerRecord<K, V>>> buffered = new HashMap<>();
    parts.forEach(tp -> buffered.put(tp, new ArrayDeque<>()));
    while (true) {
      List<TopicPartition> open = parts.stream()
          .filter(tp -> !buffered.get(tp).isEmpty() || consumer.position(tp) < end.get(tp)).toList();
      List<TopicPartition> starved = open.stream().filter(tp -> buffered.get(tp).isEmpty()).toList();
      if (starved.isEmpty()) {
        if (open.isEmpty()) {
          break;
        }
        TopicPartition first = null;
        for (TopicPartition tp : open) {
          if (first == null || buffered.get(tp).peekFirst().timestamp() < buffered.get(first).peekFirst().timestamp()) {
            first = tp;
          }
        }
        ConsumerRecord<K, V> r = buffered.get(first).pollFirst();
        sink.accept(r.key(), r.value());
        continue;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("did not reach the end of " + topic + " within " + timeout);
      }
      consumer.pause(parts.stream().filter(tp -> !starved.contains(tp)).toList());
      consumer.resume(starved);
      for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(200))) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.offset() < end.get(tp)) {
          buffered.get(tp).addLast(r);
        }
      }
    }
    return end.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Hands the last {@link #TAIL_PEEK} records of each partition's range [start, end) to {@code sink.tail}. */
  private static <K, V> void peekTails(KafkaConsumer<K, V> consumer, List<TopicPartition> parts,
      Map<TopicPartition, Long> start, Map<TopicPartition, Long> end, long deadline, String topic, Duration timeout,
      TimeOrderedSink<K, V> sink) {
    for (TopicPartition tp : parts) {
      consumer.seek(tp, Math.max(start.get(tp), end.get(tp) - TAIL_PEEK));
    }
    while (!parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("did not reach the end of " + topic + " within " + timeout);
      }
      for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
          sink.tail(r.key(), r.value());
        }
      }
    }
  }

  /** The sum of a topic's end offsets, without reading it. */
  static long endOffsetSum(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
    List<TopicPartition> parts = consumer.partitionsFor(topic, timeout).stream()
        .map(pi -> new TopicPartition(topic, pi.partition())).toList();
    return consumer.endOffsets(parts, timeout).values().stream().mapToLong(Long::longValue).sum();
  }
}

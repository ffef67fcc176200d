package io.tickcast.bench;

import io.tickcast.config.KafkaClientFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Waits until every prediction of a run is committed, and says when.
 *
 * <ul>
 *   <li>exactly_once_v2: when the application's committed input offsets reach the input's end
 *       offsets. Offsets are committed in the same transaction as the outputs, so at that moment
 *       every prediction is visible to read_committed consumers.</li>
 *   <li>at_least_once: when the last stable offsets of the predictions topic (the offsets a
 *       read_committed consumer reads up to; there are no transaction markers under at-least-once)
 *       add up to the number of ticks that produce a prediction. Committed input offsets would say
 *       nothing here: at-least-once commits every 30 s.</li>
 * </ul>
 * Polled every {@value #POLL_MILLIS} ms through the admin client, which costs the broker little and
 * the streams application nothing; the end time is the poll that saw the condition.
 */
final class CompletionWatch {
  static final long POLL_MILLIS = 10;

  private final Admin admin;

  CompletionWatch(Admin admin) {
    this.admin = admin;
  }

  /** End offsets of a topic's partitions (high watermarks). */
  Map<TopicPartition, Long> endOffsets(String topic, int partitions) throws Exception {
    return offsets(topic, partitions, IsolationLevel.READ_UNCOMMITTED);
  }

  /**
   * Waits for the run to complete; returns {@link System#nanoTime()} of the poll that saw it.
   *
   * @param inputEnds end offsets of the input, all of which the application must consume
   * @param expectedPredictions ticks consumed minus those that produce no prediction; read at every
   *     poll (it only settles once every tick is processed)
   * @throws IllegalStateException if the application fails or the timeout passes
   */
  long awaitCommitted(KafkaStreams streams, String guarantee, String applicationId, Map<TopicPartition, Long> inputEnds,
      String predictionsTopic, int partitions, LongSupplier expectedPredictions, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean exactlyOnce = StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee);
    while (true) {
      KafkaStreams.State state = streams.state();
      if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
          || state == KafkaStreams.State.NOT_RUNNING) {
        throw new IllegalStateException("application " + applicationId + " stopped (" + state + ") before it finished");
      }
      boolean done = exactlyOnce
          ? committedInputReachesEnd(applicationId, inputEnds)
          : sum(offsets(predictionsTopic, partitions, IsolationLevel.READ_COMMITTED)) >= expectedPredictions.getAsLong();
      long now = System.nanoTime();
      if (done) {
        return now;
      }
      if (now > deadline) {
        throw new IllegalStateException("application " + applicationId + " did not finish within " + timeout);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private boolean committedInputReachesEnd(String groupId, Map<TopicPartition, Long> inputEnds) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    for (Map.Entry<TopicPartition, Long> e : inputEnds.entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
        return false;
      }
    }
    return true;
  }

  Map<TopicPartition, Long> offsets(String topic, int partitions, IsolationLevel isolation)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> out = new HashMap<>();
    admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS)
        .forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Counts the records a read_committed consumer reads from the start of a topic to its last stable
   * offsets: after a run, the predictions that were really committed (no transaction markers, no
   * aborted records), to check the run's own count.
   */
  static long countCommitted(KafkaClientFactory clients, String topic, int partitions) {
    try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000),
        Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (int i = 0; i < partitions; i++) {
        parts.add(new TopicPartition(topic, i));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts); // the last stable offsets under read_committed
      long count = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
        count += consumer.poll(Duration.ofMillis(200)).count();
      }
      return count;
    }
  }

  /** Deletes topics, ignoring those already gone. */
  void deleteTopics(List<String> topics) {
    if (topics.isEmpty()) {
      return;
    }
    try {
      admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      // an unknown topic is fine; anything else only costs disk space in a temporary directory
    }
  }
}

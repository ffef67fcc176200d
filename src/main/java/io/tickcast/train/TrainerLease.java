package io.tickcast.train;

import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.TickcastConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Who is the active trainer: every trainer instance of a model joins one consumer group, {@code
 * <application.id>-trainer-<model name>}, on the single-partition models topic; the member the
 * group coordinator assigns partition 0 is the active trainer, the others stand by. When it stops
 * (or misses the session timeout) the partition, and so the lease, moves to another member.
 *
 * <p>Not thread-safe: one thread owns the lease and calls {@link #poll} regularly (the group
 * expels a member that does not poll within {@code max.poll.interval.ms}), which is why training
 * runs on another thread. A rebalance can briefly leave two members believing they lead; the
 * release is still published once, because publishing is a compare-and-set fenced by a shared
 * transactional id ({@link ReleasePublisher}).
 */
public final class TrainerLease implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TopicPartition leaderPartition;
  private volatile boolean active;

  public TrainerLease(TickcastConfig config, String modelsTopic) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(config));
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    // sticky: a member joining later does not take partition 0, and so the lease, from the holder
    p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    // the lease only needs the assignment: fetch as little as possible
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024);
    this.consumer = KafkaClientFactory.of(config).consumer(Map.of(), p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    this.leaderPartition = new TopicPartition(modelsTopic, 0);
    consumer.subscribe(List.of(modelsTopic), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.contains(leaderPartition)) {
          active = false;
        }
      }

      @Override
      public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (partitions.contains(leaderPartition)) {
          active = false;
        }
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.contains(leaderPartition)) {
          active = true;
        }
      }
    });
  }

  public static String groupId(TickcastConfig config) {
    return config.getString(TickcastConfig.APPLICATION_ID) + "-trainer-" + config.getString(TickcastConfig.MODEL_NAME);
  }

  /** Keeps the membership alive and takes part in rebalances; records are ignored. */
  public void poll(Duration timeout) {
    consumer.poll(timeout);
  }

  /** Whether this instance holds the lease; safe to read from any thread. */
  public boolean active() {
    return active;
  }

  /** The history topic's end-offset sum, read with the lease's consumer (so on the lease's thread). */
  long endOffsetSum(String topic, Duration timeout) {
    return TopicScan.endOffsetSum(consumer, topic, timeout);
  }

  /** Leaves the group, handing the lease over at once. */
  @Override
  public void close() {
    active = false;
    consumer.close(Duration.ofSeconds(10));
  }
}

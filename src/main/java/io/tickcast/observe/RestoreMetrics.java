package io.tickcast.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Progress of state restoration from changelogs (and of the global models store from its topic),
 * as a Kafka Streams global {@link StateRestoreListener}.
 *
 * <ul>
 *   <li>{@code tickcast_restore_records_total{store}}: records restored.
 *   <li>{@code tickcast_restores_completed_total{store}}: store partitions whose restoration finished.
 *   <li>{@code tickcast_restoring_partitions}: gauge, store partitions being restored now.
 *   <li>{@code tickcast_restore_remaining_records}: gauge, records still to restore over those partitions.
 * </ul>
 * {@code store} is a store name of the topology, a bounded set; the stores named at construction are
 * registered up front so their series exist before any restore.
 */
final class RestoreMetrics implements StateRestoreListener {
  private final MeterRegistry registry;
  /** Per restoring store partition: {ending offset, last restored offset}. */
  private final Map<TopicPartition, long[]> restoring = new ConcurrentHashMap<>();

  RestoreMetrics(MeterRegistry registry, Collection<String> stores) {
    this.registry = registry;
    for (String store : stores) {
      restored(store);
      completed(store);
    }
    Gauge.builder("tickcast.restoring.partitions", restoring, Map::size)
        .description("State store partitions being restored").register(registry);
    Gauge.builder("tickcast.restore.remaining.records", restoring, RestoreMetrics::remaining)
        .description("Records still to restore over the partitions being restored").register(registry);
  }

  private Counter restored(String store) {
    return Counter.builder("tickcast.restore.records").description("Records restored into state stores")
        .tag("store", store).register(registry);
  }

  private Counter completed(String store) {
    return Counter.builder("tickcast.restores.completed").description("State store partitions whose restoration finished")
        .tag("store", store).register(registry);
  }

  private static double remaining(Map<TopicPartition, long[]> restoring) {
    long sum = 0;
    for (long[] p : restoring.values()) {
      sum += Math.max(0, p[0] - p[1]);
    }
    return sum;
  }

  @Override
  public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
    restoring.put(partition, new long[] {endingOffset, startingOffset});
  }

  @Override
  public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
    long[] p = restoring.get(partition);
    if (p != null) {
      p[1] = batchEndOffset;
    }
    restored(storeName).increment(numRestored);
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
    restoring.remove(partition);
    completed(storeName).increment();
  }

  @Override
  public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
    restoring.remove(partition);
  }
}

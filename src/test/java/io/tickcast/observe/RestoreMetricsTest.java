package io.tickcast.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RestoreMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RestoreMetrics restore = new RestoreMetrics(registry, List.of("forecast-state", "models-store"));
  private final TopicPartition p0 = new TopicPartition("app-forecast-state-changelog", 0);
  private final TopicPartition p1 = new TopicPartition("app-forecast-state-changelog", 1);

  private double remaining() {
    return registry.get("tickcast.restore.remaining.records").gauge().value();
  }

  @Test
  void knownStoresHaveSeriesBeforeAnyRestore() {
    assertThat(registry.get("tickcast.restore.records").tag("store", "models-store").counter().count()).isZero();
    assertThat(registry.get("tickcast.restores.completed").tag("store", "forecast-state").counter().count()).isZero();
    assertThat(remaining()).isZero();
  }

  @Test
  void remainingRecordsShrinkWithEachBatchAndVanishWhenAPartitionIsDone() {
    restore.onRestoreStart(p0, "forecast-state", 100, 1100);
    restore.onRestoreStart(p1, "forecast-state", 0, 500);
    assertThat(registry.get("tickcast.restoring.partitions").gauge().value()).isEqualTo(2);
    assertThat(remaining()).isEqualTo(1500);

    restore.onBatchRestored(p0, "forecast-state", 600, 500);
    assertThat(remaining()).isEqualTo(1000);
    restore.onRestoreEnd(p1, "forecast-state", 500);
    assertThat(remaining()).isEqualTo(500);
    restore.onRestoreSuspended(p0, "forecast-state", 500);

    assertThat(remaining()).isZero();
    assertThat(registry.get("tickcast.restoring.partitions").gauge().value()).isZero();
    assertThat(registry.get("tickcast.restore.records").tag("store", "forecast-state").counter().count()).isEqualTo(500);
    assertThat(registry.get("tickcast.restores.completed").tag("store", "forecast-state").counter().count()).isEqualTo(1);
  }
}

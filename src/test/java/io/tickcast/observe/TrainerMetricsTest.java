package io.tickcast.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrainerMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TrainerMetrics trainer = new TrainerMetrics(registry, () -> 1_800_000_000_000L);

  @Test
  void finishedRunsRecordLossesDurationAndOutcome() {
    assertThat(registry.get("tickcast.trainer.train.loss").gauge().value()).isNaN();
    trainer.runStarted();
    assertThat(registry.get("tickcast.trainer.running").gauge().value()).isEqualTo(1);
    trainer.runFinished(Duration.ofSeconds(42), 0.8, 0.9, true);
    trainer.runStarted();
    trainer.runFinished(Duration.ofSeconds(8), 0.7, 0.95, false);

    assertThat(registry.get("tickcast.trainer.running").gauge().value()).isZero();
    assertThat(registry.get("tickcast.trainer.train.loss").gauge().value()).isEqualTo(0.7);
    assertThat(registry.get("tickcast.trainer.validation.loss").gauge().value()).isEqualTo(0.95);
    assertThat(registry.get("tickcast.trainer.runs").tag("outcome", "released").counter().count()).isEqualTo(1);
    assertThat(registry.get("tickcast.trainer.runs").tag("outcome", "kept").counter().count()).isEqualTo(1);
    assertThat(registry.get("tickcast.trainer.run").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(50);
    assertThat(registry.get("tickcast.trainer.last.run.timestamp").gauge().value()).isEqualTo(1_800_000_000.0);
  }

  @Test
  void aFailedRunKeepsThePreviousLosses() {
    trainer.runStarted();
    trainer.runFinished(Duration.ofSeconds(1), 0.5, 0.6, true);
    trainer.runStarted();
    trainer.runFailed(Duration.ofSeconds(2));
    assertThat(registry.get("tickcast.trainer.validation.loss").gauge().value()).isEqualTo(0.6);
    assertThat(registry.get("tickcast.trainer.runs").tag("outcome", "failed").counter().count()).isEqualTo(1);
    assertThat(registry.get("tickcast.trainer.running").gauge().value()).isZero();
  }
}

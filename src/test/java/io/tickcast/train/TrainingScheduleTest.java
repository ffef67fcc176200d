package io.tickcast.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainingScheduleTest {
  private final TrainingSchedule schedule = new TrainingSchedule(60_000, 100);

  @Test
  void theFirstRunIsDueAtOnce() {
    assertThat(schedule.due(0, 0)).isTrue();
  }

  @Test
  void aRunIsDueAfterTheIntervalOrAfterEnoughNewChunksWhicheverComesFirst() {
    schedule.ran(1_000, 500);
    assertThat(schedule.due(60_999, 599)).isFalse();
    assertThat(schedule.due(61_000, 500)).isTrue();
    assertThat(schedule.due(2_000, 600)).isTrue();
    assertThat(schedule.newChunks(650)).isEqualTo(150);
  }

  @Test
  void regainingTheLeaseMakesARunDueAtOnce() {
    schedule.ran(1_000, 500);
    schedule.reset();
    assertThat(schedule.due(1_001, 500)).isTrue();
  }
}

package io.tickcast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  @Test
  void doublesFromTheFirstWaitUpToTheBoundWithinTheJitter() {
    RetryBackoff b = new RetryBackoff(1_000, 60_000, 0.2);
    for (int i = 0; i < 200; i++) {
      assertThat(b.millis(1)).isBetween(800L, 1_200L);
      assertThat(b.millis(2)).isBetween(1_600L, 2_400L);
      assertThat(b.millis(6)).isBetween(25_600L, 38_400L);
      assertThat(b.millis(7)).as("capped").isBetween(48_000L, 72_000L);
      assertThat(b.millis(1_000)).isBetween(48_000L, 72_000L);
    }
    assertThat(new RetryBackoff(500, 500, 0).millis(9)).isEqualTo(500);
  }

  @Test
  void nonsenseBoundsAreRefused() {
    assertThatThrownBy(() -> new RetryBackoff(0, 10, 0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryBackoff(10, 5, 0.1)).isInstanceOf(IllegalArgumentException.class);
  }
}

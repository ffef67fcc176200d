package io.tickcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JitClockTest {

  @Test
  void aRoundIsQuietBelowFifteenPercentOfItsWallTimeInCompilation() {
    assertThat(JitClock.quiet(22_500, 21.3)).isFalse(); // measured: the first round over 1M ticks
    assertThat(JitClock.quiet(3_100, 10.8)).isFalse(); // the second
    assertThat(JitClock.quiet(1_300, 10.4)).isTrue(); // the fourth
    assertThat(JitClock.quiet(1_499, 10.0)).isTrue();
    assertThat(JitClock.quiet(1_500, 10.0)).isFalse();
    assertThat(JitClock.quiet(0, 10.0)).isTrue();
  }

  @Test
  void anUnknownCompileTimeEndsTheWarmUpAndABadWallTimeIsRefused() {
    assertThat(JitClock.quiet(-1, 10.0)).isTrue();
    assertThatThrownBy(() -> JitClock.quiet(10, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thisJvmReportsItsCompileTimeAndItOnlyGrows() {
    long before = JitClock.millis();
    assertThat(before).isGreaterThanOrEqualTo(0);
    assertThat(JitClock.millis()).isGreaterThanOrEqualTo(before);
  }
}

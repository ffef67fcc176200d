package io.tickcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRankOfOneToAHundred() {
    long[] samples = new long[100];
    for (int i = 0; i < 100; i++) {
      samples[i] = 100 - i; // unsorted on purpose
    }
    Percentiles p = new Percentiles(samples, 100);
    assertThat(p.at(0.50)).isEqualTo(50);
    assertThat(p.at(0.99)).isEqualTo(99);
    assertThat(p.at(0.999)).isEqualTo(100);
    assertThat(p.at(1.0)).isEqualTo(100);
    assertThat(p.at(0.001)).isEqualTo(1);
    assertThat(p.max()).isEqualTo(100);
  }

  @Test
  void onlyTheFirstCountSamplesCount() {
    Percentiles p = new Percentiles(new long[] {5, 1, 9, 0, 0}, 3);
    assertThat(p.count()).isEqualTo(3);
    assertThat(p.at(0.5)).isEqualTo(5);
    assertThat(p.max()).isEqualTo(9);
  }

  @Test
  void noSamplesHaveNoPercentile() {
    assertThatThrownBy(() -> new Percentiles(new long[0], 0).at(0.5)).isInstanceOf(IllegalStateException.class);
  }
}

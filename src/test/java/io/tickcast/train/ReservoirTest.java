package io.tickcast.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReservoirTest {
  @Test
  void keepsEveryItemWithTheSameProbabilityWhateverItsPlaceInTheStream() {
    int n = 100_000;
    int capacity = 5_000;
    Reservoir<Integer> r = new Reservoir<>(capacity, 42);
    for (int i = 0; i < n; i++) {
      int item = i;
      r.offer(() -> item);
    }
    List<Integer> kept = r.inOrder();
    assertThat(kept).hasSize(capacity);
    assertThat(r.seen()).isEqualTo(n);
    assertThat(r.dropped()).isEqualTo(n - capacity);
    // ten tenths of the stream, 500 expected in each: chi-square with 9 degrees of freedom below its 0.1 % quantile
    int[] tenths = new int[10];
    kept.forEach(i -> tenths[i * 10 / n]++);
    double chi2 = 0;
    for (int c : tenths) {
      chi2 += (c - 500.0) * (c - 500.0) / 500.0;
    }
    assertThat(chi2).as("chi-square of the tenths %s", java.util.Arrays.toString(tenths)).isLessThan(27.88);
    assertThat(kept).as("in the order offered").isSorted();
  }

  @Test
  void makesAnItemOnlyWhenItKeepsIt() {
    Reservoir<Integer> r = new Reservoir<>(1_000, 7);
    int[] made = new int[1];
    for (int i = 0; i < 100_000; i++) {
      int item = i;
      r.offer(() -> {
        made[0]++;
        return item;
      });
    }
    // about capacity · (1 + ln(n / capacity)) = 5,605 are ever kept
    assertThat(made[0]).isBetween(1_000, 10_000);
  }

  @Test
  void theSameSeedKeepsTheSameSample() {
    Reservoir<Integer> a = new Reservoir<>(100, 3);
    Reservoir<Integer> b = new Reservoir<>(100, 3);
    for (int i = 0; i < 10_000; i++) {
      int item = i;
      a.offer(() -> item);
      b.offer(() -> item);
    }
    assertThat(a.inOrder()).isEqualTo(b.inOrder());
  }
}

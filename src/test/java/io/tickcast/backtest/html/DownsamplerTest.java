package io.tickcast.backtest.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DownsamplerTest {
  @Test
  void aShortSeriesIsKeptWhole() {
    double[] x = {0, 1, 2, 3, 4};
    assertThat(Downsampler.lttb(x, new double[] {5, 4, 3, 2, 1}, 10)).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void aLongSeriesKeepsExactlyTheRequestedPointsInOrderWithBothEnds() {
    int n = 50_000;
    double[] x = new double[n];
    double[] y = new double[n];
    Random rnd = new Random(3);
    for (int i = 0; i < n; i++) {
      x[i] = i * 1000.0;
      y[i] = (i == 0 ? 100 : y[i - 1]) + rnd.nextGaussian();
    }
    int[] kept = Downsampler.lttb(x, y, 2000);
    assertThat(kept).hasSize(2000);
    assertThat(kept[0]).isZero();
    assertThat(kept[kept.length - 1]).isEqualTo(n - 1);
    for (int i = 1; i < kept.length; i++) {
      assertThat(kept[i]).isGreaterThan(kept[i - 1]);
    }
  }

  @Test
  void aSingleSpikeSurvives() {
    int n = 10_000;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = Math.sin(i / 300.0);
    }
    y[6_789] = 40;
    int[] kept = Downsampler.lttb(x, y, 500);
    assertThat(Arrays.stream(kept).boxed()).contains(6_789);
  }
}

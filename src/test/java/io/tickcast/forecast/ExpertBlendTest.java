package io.tickcast.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExpertBlendTest {
  private static final double RATE = 1.0 / 18;
  private static final double DISCOUNT = 1 - io.tickcast.baseline.OnlineErrors.alphaForHalfLife(500);

  /**
   * Three forecasters of an AR(1) return r_t = 0.3·r_{t-1} + noise: the optimum, naive (0), and a
   * noisy one. The blend's MSE must stay within 1% of the best forecaster's.
   */
  @Test
  void tracksTheBestForecasterOnAStream() {
    SplittableRandom rnd = new SplittableRandom(3);
    ExpertBlend blend = new ExpertBlend(3);
    double[] f = new double[3];
    double[] w = new double[3];
    double[] sse = new double[4];
    double prev = 0;
    int n = 20_000;
    for (int t = 0; t < n; t++) {
      f[0] = 0.3 * prev;
      f[1] = 0.0;
      f[2] = 0.3 * prev + 0.8 * gaussian(rnd);
      blend.weights(RATE, w);
      double emitted = ExpertBlend.combine(w, f, 3);
      double r = 0.3 * prev + gaussian(rnd);
      for (int k = 0; k < 3; k++) {
        sse[k] += (f[k] - r) * (f[k] - r);
      }
      sse[3] += (emitted - r) * (emitted - r);
      blend.update(f, r, 1.0, DISCOUNT);
      prev = r;
    }
    assertThat(sse[3]).isLessThanOrEqualTo(1.01 * sse[0]);
    blend.weights(RATE, w);
    assertThat(w[0]).isGreaterThan(0.9);
    assertThat(w[0] + w[1] + w[2]).isCloseTo(1.0, within(1e-12));
  }

  /** When the best forecaster changes, the discounted losses hand the weight over. */
  @Test
  void followsASwitchOfTheBestForecaster() {
    SplittableRandom rnd = new SplittableRandom(4);
    ExpertBlend blend = new ExpertBlend(2);
    double[] f = new double[2];
    double[] w = new double[2];
    double[] sse = new double[3];
    for (int t = 0; t < 20_000; t++) {
      double signal = gaussian(rnd) * 0.5;
      boolean firstPhase = t < 10_000;
      f[0] = firstPhase ? signal : 0.0;
      f[1] = firstPhase ? 0.0 : signal;
      blend.weights(RATE, w);
      double emitted = ExpertBlend.combine(w, f, 2);
      double r = signal + gaussian(rnd);
      for (int k = 0; k < 2; k++) {
        sse[k] += (f[k] - r) * (f[k] - r);
      }
      sse[2] += (emitted - r) * (emitted - r);
      blend.update(f, r, 1.0, DISCOUNT);
      if (t == 9_999) {
        assertThat(w[0]).isGreaterThan(0.95);
      }
    }
    assertThat(w[1]).isGreaterThan(0.95);
    // the switching oracle's loss is the first's in phase 1 and the second's in phase 2; the blend
    // is well below either forecaster alone and pays only the hand-over
    assertThat(sse[2]).isLessThan(0.95 * Math.min(sse[0], sse[1]));
  }

  @Test
  void aTickWithoutScaleOrWithANonFiniteForecastIsSkipped() {
    ExpertBlend blend = new ExpertBlend(2);
    blend.update(new double[] {0.1, 0.0}, 0.0, 0.0, DISCOUNT);
    blend.update(new double[] {Double.NaN, 0.0}, 0.0, 1.0, DISCOUNT);
    assertThat(blend.updates()).isZero();
    blend.update(new double[] {0.1, 0.0}, 0.0, 0.01, 0.5);
    assertThat(blend.loss(0)).isCloseTo(1.0, within(1e-12));
    assertThat(blend.loss(1)).isZero();
    double[] w = new double[2];
    blend.weights(2.0, w);
    assertThat(w[1] / w[0]).isCloseTo(Math.exp(2.0), within(1e-9));
  }

  @Test
  void seedingGivesUnknownForecastersTheWorstKnownLoss() {
    ExpertBlend blend = new ExpertBlend(3);
    blend.seed(new double[] {0.9, Double.NaN, 1.2}, 100);
    assertThat(blend.updates()).isEqualTo(1);
    assertThat(blend.loss(0)).isCloseTo(90, within(1e-9));
    assertThat(blend.loss(1)).isCloseTo(120, within(1e-9));
    assertThat(blend.loss(2)).isCloseTo(120, within(1e-9));
  }

  private static double gaussian(SplittableRandom rnd) {
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }
}

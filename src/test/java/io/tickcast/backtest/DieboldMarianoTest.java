package io.tickcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DieboldMarianoTest {

  /**
   * By hand: d = 1, -1, 2, 0, 3; mean 1; deviations 0, -2, 1, -1, 2; γ0 = 10/5 = 2;
   * γ1 = (0 - 2 - 1 - 2)/5 = -1; one lag with Bartlett weight 1/2: S = 2 + 2·0.5·(-1) = 1;
   * DM = 1 / sqrt(1/5) = sqrt(5); p = erfc(sqrt(5)/sqrt(2)) = 0.0253473.
   */
  @Test
  void matchesAHandComputedExample() {
    DieboldMariano.Result r = DieboldMariano.test(List.of(new double[] {1, -1, 2, 0, 3}), 1);
    assertThat(r.meanDifferential()).isEqualTo(1.0);
    assertThat(r.statistic()).isCloseTo(Math.sqrt(5), within(1e-12));
    assertThat(r.pValue()).isCloseTo(0.025347318677468273, within(1e-9));
    assertThat(r.n()).isEqualTo(5);
  }

  /** Pooled series: a lag pairs only ticks of one series, so γ1 = (0·-2 + 1·-1 + -1·2)/5 = -0.6, S = 1.4. */
  @Test
  void poolsSeriesWithoutPairingTicksAcrossThem() {
    DieboldMariano.Result r = DieboldMariano.test(List.of(new double[] {1, -1}, new double[] {2, 0, 3}), 1);
    assertThat(r.statistic()).isCloseTo(1 / Math.sqrt(1.4 / 5), within(1e-12));
    assertThat(r.pValue()).isCloseTo(0.05878172135535891, within(1e-9));
  }

  @Test
  void neweyWestLagRuleAndDegenerateCases() {
    assertThat(DieboldMariano.defaultLags(100)).isEqualTo(4);
    assertThat(DieboldMariano.defaultLags(1532)).isEqualTo(7);
    assertThat(DieboldMariano.test(List.of(new double[] {0.5, 0.5, 0.5}), 1).statistic()).isNaN();
    assertThat(DieboldMariano.test(List.of(new double[0])).n()).isZero();
  }

  /** Under the null (iid differentials of mean 0) about 5% of tests reject at 5%; with a real difference nearly all do. */
  @Test
  void rejectsAtAboutTheNominalRateUnderTheNullAndDetectsARealDifference() {
    SplittableRandom rnd = new SplittableRandom(1);
    int rejectedNull = 0;
    int rejectedAlt = 0;
    int trials = 400;
    for (int k = 0; k < trials; k++) {
      double[] nul = new double[500];
      double[] alt = new double[500];
      double prev = 0;
      for (int t = 0; t < nul.length; t++) {
        double e = rnd.nextDouble() - 0.5;
        nul[t] = e + 0.5 * prev; // autocorrelated: the HAC variance matters
        alt[t] = nul[t] + 0.08;
        prev = e;
      }
      rejectedNull += DieboldMariano.test(List.of(nul)).pValue() < 0.05 ? 1 : 0;
      rejectedAlt += DieboldMariano.test(List.of(alt)).pValue() < 0.05 ? 1 : 0;
    }
    assertThat((double) rejectedNull / trials).isBetween(0.02, 0.09);
    assertThat((double) rejectedAlt / trials).isGreaterThan(0.9);
  }
}

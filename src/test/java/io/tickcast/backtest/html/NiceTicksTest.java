package io.tickcast.backtest.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NiceTicksTest {
  /** The step divided by its power of ten: 1, 2 or 5 for a nice step. */
  private static double mantissa(double step) {
    return step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
  }

  @Test
  void aRangeOfAboutTenGetsUnitStepsFromZeroToTen() {
    AxisTicks t = NiceTicks.numeric(0.93, 9.7, 300, false, 12);
    assertThat(t.min()).isEqualTo(0);
    assertThat(t.max()).isEqualTo(10);
    assertThat(t.labels()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
  }

  @Test
  void randomRangesGetEvenNiceStepsAWidenedDomainAndLabelsThatDoNotCollide() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 2000; trial++) {
      double scale = Math.pow(10, rnd.nextInt(16) - 8);
      double lo = (rnd.nextDouble() - 0.5) * 10 * scale;
      double hi = lo + rnd.nextDouble() * 10 * scale + 1e-3 * scale;
      boolean horizontal = rnd.nextBoolean();
      double length = 150 + rnd.nextInt(900);
      AxisTicks t = NiceTicks.numeric(lo, hi, length, horizontal, 12);
      double[] v = t.values();
      assertThat(t.min()).as("domain contains the data").isLessThanOrEqualTo(lo);
      assertThat(t.max()).isGreaterThanOrEqualTo(hi);
      assertThat(v.length).isBetween(2, 12);
      assertThat(v[0]).isEqualTo(t.min());
      assertThat(v[v.length - 1]).isEqualTo(t.max());
      double step = v[1] - v[0];
      assertThat(mantissa(step)).as("step %s of [%s, %s]", step, lo, hi)
          .satisfiesAnyOf(m -> assertThat(m).isCloseTo(1, within(1e-6)), m -> assertThat(m).isCloseTo(2, within(1e-6)),
              m -> assertThat(m).isCloseTo(5, within(1e-6)), m -> assertThat(m).isCloseTo(10, within(1e-6)));
      double spacingPx = length / (v.length - 1);
      for (int i = 1; i < v.length; i++) {
        assertThat(v[i] - v[i - 1]).isCloseTo(step, within(step * 1e-6));
        double needed = horizontal
            ? (LabelMetrics.width(t.labels().get(i)) + LabelMetrics.width(t.labels().get(i - 1))) / 2
            : LabelMetrics.FONT_PX;
        assertThat(spacingPx).as("labels %s and %s apart", t.labels().get(i - 1), t.labels().get(i)).isGreaterThan(needed);
      }
      assertThat(t.labels()).doesNotHaveDuplicates();
    }
  }

  @Test
  void tinyAndHugeNumbersAreLabelledInScientificNotationAndNegativesWithAMinusSign() {
    AxisTicks tiny = NiceTicks.numeric(-2.2e-6, 3.1e-6, 300, false, 12);
    assertThat(tiny.labels()).contains("0", "\u22122e\u22126", "2e\u22126");
    AxisTicks plain = NiceTicks.numeric(-0.43, 0.02, 300, false, 12);
    assertThat(plain.labels()).contains("\u22120.4", "0");
  }

  @Test
  void aConstantSeriesGetsAUsableDomainAroundIt() {
    AxisTicks t = NiceTicks.numeric(5, 5, 300, false, 12);
    assertThat(t.min()).isLessThan(5);
    assertThat(t.max()).isGreaterThan(5);
  }
}

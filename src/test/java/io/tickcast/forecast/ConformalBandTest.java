package io.tickcast.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConformalBandTest {
  private static final double LEVEL = 0.9;
  private static final double Z = 1.6448536269514722;
  private static final double RATE = 0.05;

  /** A Student-t draw with {@code nu} degrees of freedom: normal over sqrt(chi-square / nu). */
  private static double studentT(SplittableRandom rnd, int nu) {
    double chi = 0;
    for (int i = 0; i < nu; i++) {
      double g = gaussian(rnd);
      chi += g * g;
    }
    return gaussian(rnd) / Math.sqrt(chi / nu);
  }

  private static double gaussian(SplittableRandom rnd) {
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  /** Coverage of a band scaled by the true RMS error, on {@code n} errors drawn by {@code errors}. */
  private static double[] run(java.util.function.DoubleSupplier errors, double scale, int n, ConformalBand band) {
    int covered = 0;
    int normalCovered = 0;
    for (int i = 0; i < n; i++) {
      double e = errors.getAsDouble();
      if (band.update(e, scale, Z, (1 - LEVEL) / 2, RATE)) {
        covered++;
      }
      if (Math.abs(e) <= Z * scale) {
        normalCovered++;
      }
    }
    return new double[] {(double) covered / n, (double) normalCovered / n};
  }

  @Test
  void coverageConvergesToTheLevelOnHeavyTailedErrorsWhereTheNormalIntervalUnderCovers() {
    SplittableRandom rnd = new SplittableRandom(11);
    int nu = 3;
    double rms = Math.sqrt(nu / (nu - 2.0)); // the t(3) distribution's standard deviation
    ConformalBand band = new ConformalBand();
    double[] c = run(() -> studentT(rnd, nu), rms, 20_000, band);
    // the bound of the tracking argument: per side |miss rate - 0.05| <= |moved| / (rate * n)
    assertThat(c[0]).isCloseTo(LEVEL, within(0.005));
    // t(3) scaled to unit variance is narrow in the middle: a normal 90% interval over-covers it
    assertThat(c[1]).isGreaterThan(0.92);
    // and the band is narrower than the normal one: the t(3) quantile of 0.95 in units of the
    // standard deviation is 2.353 / sqrt(3) = 1.359 < 1.645
    double[] centreAndHalfWidth = meanBand(band, () -> studentT(rnd, nu), rms, 20_000);
    assertThat(centreAndHalfWidth[1]).isLessThan(Z - 0.1).isGreaterThan(1.1);
  }

  @Test
  void aBiasedForecastGetsAnAsymmetricBandThatStillCovers() {
    SplittableRandom rnd = new SplittableRandom(5);
    ConformalBand band = new ConformalBand();
    double[] c = run(() -> 1.0 + gaussian(rnd), 1.0, 20_000, band);
    assertThat(c[0]).isCloseTo(LEVEL, within(0.005));
    assertThat(c[1]).as("the symmetric normal interval misses the bias").isLessThan(0.8);
    double[] centreAndHalfWidth = meanBand(band, () -> 1.0 + gaussian(rnd), 1.0, 20_000);
    assertThat(centreAndHalfWidth[0]).as("centre").isCloseTo(1.0, within(0.1));
    assertThat(centreAndHalfWidth[1]).as("half-width").isCloseTo(Z, within(0.15));
  }

  /** The band's centre and half-width averaged over {@code n} further updates. */
  private static double[] meanBand(ConformalBand band, java.util.function.DoubleSupplier errors, double scale, int n) {
    double centre = 0;
    double half = 0;
    for (int i = 0; i < n; i++) {
      centre += (band.upper(Z) + band.lower(Z)) / 2;
      half += (band.upper(Z) - band.lower(Z)) / 2;
      band.update(errors.getAsDouble(), scale, Z, (1 - LEVEL) / 2, RATE);
    }
    return new double[] {centre / n, half / n};
  }

  @Test
  void coverageHoldsWhenTheScaleIsWrongAndTheVolatilityChanges() {
    SplittableRandom rnd = new SplittableRandom(9);
    ConformalBand band = new ConformalBand();
    int n = 30_000;
    int covered = 0;
    for (int i = 0; i < n; i++) {
      double vol = (i / 3000) % 2 == 0 ? 1.0 : 4.0; // regimes of calm and storm the scale does not see
      if (band.update(vol * studentT(rnd, 4), 1.0, Z, 0.05, RATE)) {
        covered++;
      }
    }
    assertThat((double) covered / n).isCloseTo(LEVEL, within(0.01));
  }

  @Test
  void startsAtTheNormalIntervalAndAZeroScaleMakesEveryNonZeroErrorAMiss() {
    ConformalBand band = new ConformalBand();
    assertThat(band.updates()).isZero();
    assertThat(band.lower(Z)).isEqualTo(-Z);
    assertThat(band.upper(Z)).isEqualTo(Z);
    assertThat(band.update(0.0, 0.0, Z, 0.05, RATE)).isTrue();
    assertThat(band.update(1e-9, 0.0, Z, 0.05, RATE)).isFalse();
    assertThat(band.updates()).isEqualTo(2);
    // a miss above raises the upper end by rate * (1 - 0.05); a hit lowers it by rate * 0.05
    assertThat(band.upper(Z)).isCloseTo(Z - RATE * 0.05 + RATE * 0.95, within(1e-12));
  }

  @Test
  void theBandIsAViewOfItsRegionSoItTravelsWithTheState() {
    byte[] region = new byte[8 + ConformalBand.BYTES];
    ConformalBand band = new ConformalBand(region, 8);
    band.update(3.0, 1.0, Z, 0.05, RATE);
    ConformalBand again = new ConformalBand(region.clone(), 8);
    assertThat(again.upper(Z)).isEqualTo(band.upper(Z));
    assertThat(again.updates()).isEqualTo(1);
  }
}

package io.tickcast.backtest;

import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The Diebold–Mariano test (1995) of equal predictive accuracy: is the mean loss differential
 * {@code d_t = L(e1_t) − L(e2_t)} of two forecasts zero?
 *
 * <p>{@code DM = d̄ / sqrt(S / n)} with {@code S} the Newey–West (1987) HAC estimate of the long-run
 * variance of {@code d}: {@code γ_0 + 2·Σ_{j=1..L} (1 − j/(L+1))·γ_j} (Bartlett weights, so S ≥ 0),
 * autocovariances around the pooled mean. Several series (one per symbol) are pooled: the mean and
 * the autocovariances are taken over all of them, a lag pairing only ticks of the same series. The
 * lag count, unless given, is Newey and West's rule {@code floor(4·(n/100)^(2/9))}. Under the null
 * DM is asymptotically standard normal; the p-value is two-sided. A negative statistic says the
 * first forecast has the lower loss.
 */
public final class DieboldMariano {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  /**
   * @param statistic DM, NaN when the differential has no variance
   * @param pValue two-sided, from the standard normal
   * @param meanDifferential d̄
   * @param lags HAC lags used
   * @param n differentials
   */
  public record Result(double statistic, double pValue, double meanDifferential, int lags, long n) {}

  private DieboldMariano() {}

  /** Newey and West's lag rule, floor(4·(n/100)^(2/9)). */
  public static int defaultLags(long n) {
    return (int) Math.floor(4 * Math.pow(n / 100.0, 2.0 / 9.0));
  }

  /** The test on loss differentials, one array per series, with the default lag count. */
  public static Result test(List<double[]> differentials) {
    long n = 0;
    for (double[] d : differentials) {
      n += d.length;
    }
    return test(differentials, defaultLags(n));
  }

  /** The test on loss differentials, one array per series, with {@code lags} HAC lags. */
  public static Result test(List<double[]> differentials, int lags) {
    if (lags < 0) {
      throw new IllegalArgumentException("lags must be >= 0: " + lags);
    }
    long n = 0;
    double sum = 0;
    for (double[] d : differentials) {
      for (double v : d) {
        sum += v;
      }
      n += d.length;
    }
    if (n < 2) {
      return new Result(Double.NaN, Double.NaN, n == 0 ? Double.NaN : sum / n, lags, n);
    }
    double mean = sum / n;
    double longRun = autocovariance(differentials, mean, 0, n);
    for (int j = 1; j <= lags; j++) {
      longRun += 2 * (1 - j / (lags + 1.0)) * autocovariance(differentials, mean, j, n);
    }
    if (!(longRun > 0)) {
      return new Result(Double.NaN, Double.NaN, mean, lags, n);
    }
    double statistic = mean / Math.sqrt(longRun / n);
    double p = 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(statistic));
    return new Result(statistic, p, mean, lags, n);
  }

  /** γ_j = (1/n)·Σ (d_t − d̄)(d_{t−j} − d̄) over pairs within a series. */
  private static double autocovariance(List<double[]> differentials, double mean, int lag, long n) {
    double s = 0;
    for (double[] d : differentials) {
      for (int t = lag; t < d.length; t++) {
        s += (d[t] - mean) * (d[t - lag] - mean);
      }
    }
    return s / n;
  }
}

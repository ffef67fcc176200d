package io.tickcast.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic tick series with known structure, for the demo feed and for tests of
 * whether the forecaster learns what it can. Returns are generated in units of a per-symbol
 * volatility {@code sigma}; each series' best achievable mean squared error of the next return is
 * known, see {@link Kind}.
 */
public final class SyntheticMarket {
  /** Kinds of series. */
  public enum Kind {
    /** r_t = sigma·e_t: nothing to learn; the optimum is the random walk (MSE sigma²). */
    RANDOM_WALK,
    /**
     * r_t = phi·r_{t-lag} + sigma·sqrt(1 - phi²)·e_t with lag 8: the return depends on the return
     * 8 ticks back, which needs memory (an AR(1) on the last return sees nothing). Optimal MSE
     * sigma²(1 - phi²) against naive's sigma².
     */
    LAGGED_ECHO,
    /**
     * A hidden two-state regime (persistence p per tick) sets the drift to ±mu; r_t = ±mu + sigma_e·e_t.
     * The regime is only visible through the returns' running sign, so it must be inferred and
     * remembered. Optimal MSE is bounded below by sigma_e² (knowing the regime) against naive's sigma_e² + mu².
     */
    HIDDEN_REGIME,
    /** Demo mix: an echo at lag 8 and a hidden regime together, with volumes. */
    MIXED,
    /**
     * AR(1) on returns, r_t = phi·r_{t-1} + sigma·sqrt(1 - phi²)·e_t with phi {@value #AR1_PHI}:
     * its forecast of every horizon is analytic, the optimal forecast of the cumulative return over
     * the next h ticks being {@link #ar1Optimum}.
     */
    AR1_RETURNS
  }

  /** Coefficient of {@link Kind#LAGGED_ECHO}. */
  public static final double ECHO_PHI = 0.6;
  public static final int ECHO_LAG = 8;
  /** Drift of {@link Kind#HIDDEN_REGIME} in units of sigma, and the regime's persistence. */
  public static final double REGIME_MU = 0.5;
  public static final double REGIME_PERSISTENCE = 0.98;
  /** Coefficient of {@link Kind#AR1_RETURNS}. */
  public static final double AR1_PHI = 0.5;

  /**
   * The optimal forecast of {@link Kind#AR1_RETURNS}'s cumulative log-return over the next h ticks,
   * given the last return: {@code E[r_{t+1} + ... + r_{t+h} | r_t] = r_t·phi·(1 − phi^h)/(1 − phi)}.
   */
  public static double ar1Optimum(double lastReturn, int h) {
    return lastReturn * AR1_PHI * (1 - Math.pow(AR1_PHI, h)) / (1 - AR1_PHI);
  }

  private final Kind kind;
  private final double sigma;
  private final long intervalMillis;
  private final SplittableRandom rnd;
  private final double[] past = new double[ECHO_LAG];
  private int pastNext;
  private int regime = 1;
  private double price;
  private long time;
  private final String symbol;

  public SyntheticMarket(String symbol, Kind kind, double sigma, double startPrice, long startTime, long intervalMillis, long seed) {
    this.symbol = symbol;
    this.kind = kind;
    this.sigma = sigma;
    this.price = startPrice;
    this.time = startTime;
    this.intervalMillis = intervalMillis;
    this.rnd = new SplittableRandom(seed);
  }

  /** The next tick, stamped {@code intervalMillis} after the previous one. */
  public RawTick next() {
    return nextAt(time + intervalMillis);
  }

  /** The next tick, stamped at {@code eventTime} (a live feed uses the wall clock). */
  public RawTick nextAt(long eventTime) {
    double e = gaussian();
    double r;
    double lagged = past[pastNext];
    switch (kind) {
      case RANDOM_WALK -> r = sigma * e;
      case LAGGED_ECHO -> r = ECHO_PHI * lagged + sigma * Math.sqrt(1 - ECHO_PHI * ECHO_PHI) * e;
      case AR1_RETURNS -> r = AR1_PHI * past[(pastNext + ECHO_LAG - 1) % ECHO_LAG] + sigma * Math.sqrt(1 - AR1_PHI * AR1_PHI) * e;
      case HIDDEN_REGIME -> {
        if (rnd.nextDouble() > REGIME_PERSISTENCE) {
          regime = -regime;
        }
        r = regime * REGIME_MU * sigma + sigma * e;
      }
      default -> {
        if (rnd.nextDouble() > REGIME_PERSISTENCE) {
          regime = -regime;
        }
        r = 0.5 * lagged + regime * 0.3 * sigma + sigma * 0.8 * e;
      }
    }
    past[pastNext] = r;
    pastNext = (pastNext + 1) % ECHO_LAG;
    price *= Math.exp(r);
    time = eventTime;
    double volume = kind == Kind.MIXED ? Math.round(100 + 900 * rnd.nextDouble()) : Double.NaN;
    return new RawTick(symbol, time, price, volume);
  }

  private double gaussian() {
    // Box-Muller on SplittableRandom, so a seed gives the same series on every JVM
    double u1 = rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** {@code n} ticks of one symbol. */
  public static List<RawTick> series(String symbol, Kind kind, int n, long seed) {
    SyntheticMarket m = new SyntheticMarket(symbol, kind, 0.001, 100.0, 1_767_225_600_000L, 1000, seed);
    List<RawTick> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(m.next());
    }
    return out;
  }
}

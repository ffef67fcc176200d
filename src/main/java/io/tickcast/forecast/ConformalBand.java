package io.tickcast.forecast;

import io.tickcast.slab.CompactForm;
import io.tickcast.slab.Slab;

/**
 * The online-calibrated prediction band of one symbol: adaptive conformal quantile tracking, the
 * proportional ("P") part of conformal PID control (Angelopoulos, Candès and Tibshirani, NeurIPS
 * 2023), run separately on each side so the band may be asymmetric.
 *
 * <p>The conformity score is the emitted forecast's log-return error {@code e = r - r̂} in units of
 * a scale {@code σ} known before the outcome (the online RMS error of the emitted forecast). The
 * band is {@code [r̂ + σ·lower, r̂ + σ·upper]}; after each outcome
 * <pre>
 *   upper ← upper + η·(1{e > σ·upper} − α/2)
 *   lower ← lower − η·(1{e < σ·lower} − α/2)
 * </pre>
 * with {@code α = 1 − level}. Summing the update over T ticks gives, for each side, {@code
 * |miss rate − α/2| ≤ |q_T − q_0| / (η·T)}: the long-run coverage is {@code level} whatever the
 * error distribution (heavy tails, changing volatility, a biased forecast), as long as the
 * quantiles stay bounded, which they do because the update only looks at the miss indicator. Only
 * the indicators enter, so a zero or non-finite scale needs no special case: the band is then the
 * point forecast and every non-zero error is a miss.
 *
 * <p>Starts at the normal quantiles {@code ±z}, the band tickcast used before, so a fresh symbol
 * and a state written before this band existed (all zeros here, {@link #updates()} 0) begin with
 * the old interval and adapt from it.
 *
 * <p>{@value #BYTES} bytes in a region of the symbol's state array: updates, lower, upper.
 */
public final class ConformalBand {
  public static final int BYTES = 24;
  private static final int UPDATES = 0;
  private static final int LOWER = 8;
  private static final int UPPER = 16;

  private final byte[] data;
  private final int at;

  /** A band of its own, before the first update. */
  public ConformalBand() {
    this(new byte[BYTES], 0);
  }

  /** A view of the band at {@code offset} of {@code data}. */
  public ConformalBand(byte[] data, int offset) {
    this.data = data;
    this.at = Slab.checkRegion(data, offset, BYTES);
  }

  /** Declares the two tracked quantiles, which move in steps far above a float's precision, as stored as floats. */
  public void storedAsFloats(CompactForm.Builder form) {
    form.add(at + LOWER).add(at + UPPER);
  }

  /** Outcomes the band has been updated with. */
  public long updates() {
    return Slab.getLong(data, at + UPDATES);
  }

  /** Lower end in units of the scale; {@code -z} before the first update. */
  public double lower(double z) {
    return updates() == 0 ? -z : Slab.getDouble(data, at + LOWER);
  }

  /** Upper end in units of the scale; {@code z} before the first update. */
  public double upper(double z) {
    return updates() == 0 ? z : Slab.getDouble(data, at + UPPER);
  }

  /**
   * Updates the band with one outcome.
   *
   * @param error actual minus forecast log-return
   * @param scale the scale the band was published with, before this outcome
   * @param z the starting half-width, used when this is the first update
   * @param sideMissRate the target miss rate of each side, (1 − level) / 2
   * @param rate the step η, in units of the scale
   * @return whether the error was inside the band published (the band as {@link #covers} reads it)
   */
  public boolean update(double error, double scale, double z, double sideMissRate, double rate) {
    double lo = lower(z);
    double hi = upper(z);
    boolean covered = covers(error, scale, lo, hi);
    update(error < scale * lo, error > scale * hi, z, sideMissRate, rate);
    return covered;
  }

  /**
   * Updates the band with one outcome whose misses were judged against the band published with its
   * forecast, which may be older than this band: a forecast h ticks ahead is scored h ticks after
   * it was published, and the band has moved since (adaptive conformal inference with delayed
   * feedback). The long-run miss rate of each side still tends to its target.
   */
  public void update(boolean missLow, boolean missHigh, double z, double sideMissRate, double rate) {
    double lo = lower(z);
    double hi = upper(z);
    Slab.putDouble(data, at + UPPER, hi + rate * ((missHigh ? 1.0 : 0.0) - sideMissRate));
    Slab.putDouble(data, at + LOWER, lo - rate * ((missLow ? 1.0 : 0.0) - sideMissRate));
    Slab.putLong(data, at + UPDATES, updates() + 1);
  }

  /**
   * Whether an error lies in the band {@code [scale·min(lo, hi), scale·max(lo, hi)]}: the two
   * tracked quantiles could cross after a long run of one-sided outcomes; the published band is
   * then still an interval.
   */
  public static boolean covers(double error, double scale, double lo, double hi) {
    return error >= scale * Math.min(lo, hi) && error <= scale * Math.max(lo, hi);
  }
}

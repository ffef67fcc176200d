package io.tickcast.baseline;

import io.tickcast.slab.CompactForm;
import io.tickcast.slab.Slab;
import java.nio.ByteBuffer;

/**
 * AR(1) on log-returns, r_{t+1} = a + b·r_t, fitted online by recursive least squares with a
 * forgetting factor. The prior is a = b = 0 (the random walk) with a diffuse covariance, so the
 * fit starts at naive and moves only as far as the data support.
 */
public final class Ar1Forecaster implements Forecaster {
  /** Prior variances of a and b; large against squared returns, so the prior fades in a few ticks. */
  static final double PRIOR_VARIANCE_INTERCEPT = 1e-4;
  static final double PRIOR_VARIANCE_SLOPE = 1e5;
  /** Bytes of the state: a, b, the covariance p00, p01, p11, and the last two returns (NaN until seen). */
  public static final int BYTES = 7 * 8;
  private static final int A = 0;
  private static final int B = 8;
  private static final int P00 = 16;
  private static final int P01 = 24;
  private static final int P11 = 32;
  private static final int PREVIOUS_RETURN = 40;
  private static final int LAST_RETURN = 48;

  private final double lambda;
  private final double inverseLambda;
  private final byte[] data;
  private final int at;

  public Ar1Forecaster(double forgetting) {
    this(forgetting, new byte[BYTES], 0);
    reset();
  }

  /** A view of the state at {@code offset} of {@code data}. */
  public Ar1Forecaster(double forgetting, byte[] data, int offset) {
    if (!(forgetting > 0.9 && forgetting <= 1.0)) {
      throw new IllegalArgumentException("AR(1) forgetting factor must be in (0.9, 1]: " + forgetting);
    }
    this.lambda = forgetting;
    this.inverseLambda = 1.0 / forgetting;
    this.data = data;
    this.at = Slab.checkRegion(data, offset, BYTES);
  }

  /**
   * Declares the last two returns as stored as floats; the coefficients and their covariance, which
   * a recursive least-squares update compounds, stay doubles.
   */
  public void storedAsFloats(CompactForm.Builder form) {
    form.add(at + PREVIOUS_RETURN).add(at + LAST_RETURN);
  }

  @Override
  public String name() {
    return "ar";
  }

  @Override
  public int bytes() {
    return BYTES;
  }

  @Override
  public void reset() {
    Slab.putDouble(data, at + A, 0.0);
    Slab.putDouble(data, at + B, 0.0);
    Slab.putDouble(data, at + P00, PRIOR_VARIANCE_INTERCEPT);
    Slab.putDouble(data, at + P01, 0.0);
    Slab.putDouble(data, at + P11, PRIOR_VARIANCE_SLOPE);
    Slab.putDouble(data, at + PREVIOUS_RETURN, Double.NaN);
    Slab.putDouble(data, at + LAST_RETURN, Double.NaN);
  }

  @Override
  public void observe(double price, double logPrice, double logReturn) {
    if (Double.isNaN(logReturn)) {
      return;
    }
    byte[] d = data;
    double previousReturn = Slab.getDouble(d, at + LAST_RETURN);
    Slab.putDouble(d, at + PREVIOUS_RETURN, previousReturn);
    Slab.putDouble(d, at + LAST_RETURN, logReturn);
    if (Double.isNaN(previousReturn)) {
      return;
    }
    double a = Slab.getDouble(d, at + A);
    double b = Slab.getDouble(d, at + B);
    double p00 = Slab.getDouble(d, at + P00);
    double p01 = Slab.getDouble(d, at + P01);
    double p11 = Slab.getDouble(d, at + P11);
    // regressor x = [1, previousReturn], target y = logReturn
    double x1 = previousReturn;
    double px0 = p00 + p01 * x1;
    double px1 = p01 + p11 * x1;
    double inverseDenom = 1.0 / (lambda + px0 + x1 * px1);
    double k0 = px0 * inverseDenom;
    double k1 = px1 * inverseDenom;
    double err = logReturn - (a + b * x1);
    Slab.putDouble(d, at + A, a + k0 * err);
    Slab.putDouble(d, at + B, b + k1 * err);
    // P = (P - k x' P) / lambda, kept symmetric
    Slab.putDouble(d, at + P00, (p00 - k0 * px0) * inverseLambda);
    Slab.putDouble(d, at + P01, (p01 - k0 * px1) * inverseLambda);
    Slab.putDouble(d, at + P11, (p11 - k1 * px1) * inverseLambda);
  }

  /** The fitted slope b, for tests and reports. */
  public double slope() {
    return Slab.getDouble(data, at + B);
  }

  public double intercept() {
    return Slab.getDouble(data, at + A);
  }

  @Override
  public double predictReturn(double lastPrice, double lastLogPrice) {
    double lastReturn = Slab.getDouble(data, at + LAST_RETURN);
    return Double.isNaN(lastReturn) ? 0.0 : Slab.getDouble(data, at + A) + Slab.getDouble(data, at + B) * lastReturn;
  }

  /** The largest |slope| the iterated forecast uses, so a fit near a unit root cannot compound over many steps. */
  static final double ITERATED_SLOPE_LIMIT = 0.99;

  /**
   * The AR(1) forecast iterated over {@code h} steps and summed: the cumulative log-return over the
   * next h ticks. The one-step forecast {@code r̂_1 = a + b·r_t} decays as {@code r̂_k = b·r̂_{k-1}}
   * (b held within ±{@value #ITERATED_SLOPE_LIMIT}), i.e. the iteration is around a zero mean, like
   * naive: iterating the fitted intercept would add {@code a·Σ(1 − b^k)/(1 − b)}, about {@code
   * h·a/(1 − b)}, and multiply the intercept's estimation noise by as much, which on AR(1) returns
   * costs more at 20 ticks than the whole gain over naive. 0 before a return is seen; for h = 1 the
   * one-step forecast.
   */
  public double predictCumulativeReturn(int h) {
    double lastReturn = Slab.getDouble(data, at + LAST_RETURN);
    if (Double.isNaN(lastReturn)) {
      return 0.0;
    }
    double b = Slab.getDouble(data, at + B);
    double r = Slab.getDouble(data, at + A) + b * lastReturn;
    b = Math.max(-ITERATED_SLOPE_LIMIT, Math.min(ITERATED_SLOPE_LIMIT, b));
    double sum = 0;
    for (int k = 0; k < h; k++) {
      sum += r;
      r *= b;
    }
    return sum;
  }

  @Override
  public double predictPrice(double lastPrice, double lastLogPrice) {
    double r = predictReturn(lastPrice, lastLogPrice);
    return r == 0.0 ? lastPrice : lastPrice * Math.exp(r);
  }

  @Override
  public void readLegacy(ByteBuffer in) {
    for (int field = A; field <= LAST_RETURN; field += 8) {
      Slab.putDouble(data, at + field, in.getDouble());
    }
  }
}

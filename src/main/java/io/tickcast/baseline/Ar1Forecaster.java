package io.tickcast.baseline;

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

  private final double lambda;
  private double a;
  private double b;
  private double p00 = PRIOR_VARIANCE_INTERCEPT;
  private double p01;
  private double p11 = PRIOR_VARIANCE_SLOPE;
  private double previousReturn = Double.NaN;
  private double lastReturn = Double.NaN;

  public Ar1Forecaster(double forgetting) {
    if (!(forgetting > 0.9 && forgetting <= 1.0)) {
      throw new IllegalArgumentException("AR(1) forgetting factor must be in (0.9, 1]: " + forgetting);
    }
    this.lambda = forgetting;
  }

  @Override
  public String name() {
    return "ar";
  }

  @Override
  public void observe(double price, double logReturn) {
    if (Double.isNaN(logReturn)) {
      return;
    }
    previousReturn = lastReturn;
    lastReturn = logReturn;
    if (Double.isNaN(previousReturn)) {
      return;
    }
    // regressor x = [1, previousReturn], target y = logReturn
    double x1 = previousReturn;
    double px0 = p00 + p01 * x1;
    double px1 = p01 + p11 * x1;
    double denom = lambda + px0 + x1 * px1;
    double k0 = px0 / denom;
    double k1 = px1 / denom;
    double err = logReturn - (a + b * x1);
    a += k0 * err;
    b += k1 * err;
    // P = (P - k x' P) / lambda, kept symmetric
    double n00 = (p00 - k0 * px0) / lambda;
    double n01 = (p01 - k0 * px1) / lambda;
    double n11 = (p11 - k1 * px1) / lambda;
    p00 = n00;
    p01 = n01;
    p11 = n11;
  }

  /** The fitted slope b, for tests and reports. */
  public double slope() {
    return b;
  }

  public double intercept() {
    return a;
  }

  @Override
  public double predictReturn(double lastPrice) {
    return Double.isNaN(lastReturn) ? 0.0 : a + b * lastReturn;
  }

  @Override
  public int serializedSize() {
    return 7 * 8;
  }

  @Override
  public void writeTo(ByteBuffer out) {
    out.putDouble(a).putDouble(b).putDouble(p00).putDouble(p01).putDouble(p11);
    out.putDouble(previousReturn).putDouble(lastReturn);
  }

  @Override
  public void readFrom(ByteBuffer in) {
    a = in.getDouble();
    b = in.getDouble();
    p00 = in.getDouble();
    p01 = in.getDouble();
    p11 = in.getDouble();
    previousReturn = in.getDouble();
    lastReturn = in.getDouble();
  }
}

package io.tickcast.baseline;

import java.nio.ByteBuffer;

/**
 * Local-level Kalman filter on the log price: level_t = level_{t-1} + w (variance q·R),
 * log p_t = level_t + v (variance R). Only the ratio q matters for the forecast, so R is 1.
 * The forecast of the next log price is the filtered level.
 */
public final class KalmanLevelForecaster implements Forecaster {
  private final double q;
  private double level = Double.NaN;
  private double variance;

  public KalmanLevelForecaster(double signalToNoise) {
    if (!(signalToNoise > 0) || Double.isInfinite(signalToNoise)) {
      throw new IllegalArgumentException("Kalman signal-to-noise ratio must be positive: " + signalToNoise);
    }
    this.q = signalToNoise;
  }

  @Override
  public String name() {
    return "kalman";
  }

  @Override
  public void observe(double price, double logReturn) {
    double y = Math.log(price);
    if (Double.isNaN(level)) {
      level = y;
      variance = 1.0;
      return;
    }
    double prior = variance + q;
    double gain = prior / (prior + 1.0);
    level += gain * (y - level);
    variance = (1.0 - gain) * prior;
  }

  @Override
  public double predictReturn(double lastPrice) {
    return Double.isNaN(level) ? 0.0 : level - Math.log(lastPrice);
  }

  @Override
  public int serializedSize() {
    return 16;
  }

  @Override
  public void writeTo(ByteBuffer out) {
    out.putDouble(level).putDouble(variance);
  }

  @Override
  public void readFrom(ByteBuffer in) {
    level = in.getDouble();
    variance = in.getDouble();
  }
}

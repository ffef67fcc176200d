package io.tickcast.baseline;

import io.tickcast.slab.CompactForm;
import io.tickcast.slab.Slab;
import java.nio.ByteBuffer;

/**
 * Local-level Kalman filter on the log price: level_t = level_{t-1} + w (variance q·R),
 * log p_t = level_t + v (variance R). Only the ratio q matters for the forecast, so R is 1.
 * The forecast of the next log price is the filtered level.
 */
public final class KalmanLevelForecaster implements Forecaster {
  /** Bytes of the state: the level (NaN before the first price) and its variance. */
  public static final int BYTES = 16;
  private static final int LEVEL = 0;
  private static final int VARIANCE = 8;

  private final double q;
  private final byte[] data;
  private final int at;

  public KalmanLevelForecaster(double signalToNoise) {
    this(signalToNoise, new byte[BYTES], 0);
    reset();
  }

  /** A view of the state at {@code offset} of {@code data}. */
  public KalmanLevelForecaster(double signalToNoise, byte[] data, int offset) {
    if (!(signalToNoise > 0) || Double.isInfinite(signalToNoise)) {
      throw new IllegalArgumentException("Kalman signal-to-noise ratio must be positive: " + signalToNoise);
    }
    this.q = signalToNoise;
    this.data = data;
    this.at = Slab.checkRegion(data, offset, BYTES);
  }

  /** Declares the level's variance, a gain's input that floats keep well enough, as stored as a float; the level stays a double. */
  public void storedAsFloats(CompactForm.Builder form) {
    form.add(at + VARIANCE);
  }

  @Override
  public String name() {
    return "kalman";
  }

  @Override
  public int bytes() {
    return BYTES;
  }

  @Override
  public void reset() {
    Slab.putDouble(data, at + LEVEL, Double.NaN);
    Slab.putDouble(data, at + VARIANCE, 0.0);
  }

  @Override
  public void observe(double price, double logPrice, double logReturn) {
    double level = Slab.getDouble(data, at + LEVEL);
    if (Double.isNaN(level)) {
      Slab.putDouble(data, at + LEVEL, logPrice);
      Slab.putDouble(data, at + VARIANCE, 1.0);
      return;
    }
    double prior = Slab.getDouble(data, at + VARIANCE) + q;
    double gain = prior / (prior + 1.0);
    Slab.putDouble(data, at + LEVEL, level + gain * (logPrice - level));
    Slab.putDouble(data, at + VARIANCE, (1.0 - gain) * prior);
  }

  @Override
  public double predictReturn(double lastPrice, double lastLogPrice) {
    double level = Slab.getDouble(data, at + LEVEL);
    return Double.isNaN(level) ? 0.0 : level - lastLogPrice;
  }

  @Override
  public double predictPrice(double lastPrice, double lastLogPrice) {
    double level = Slab.getDouble(data, at + LEVEL);
    return Double.isNaN(level) ? lastPrice : Math.exp(level);
  }

  @Override
  public void readLegacy(ByteBuffer in) {
    Slab.putDouble(data, at + LEVEL, in.getDouble());
    Slab.putDouble(data, at + VARIANCE, in.getDouble());
  }
}

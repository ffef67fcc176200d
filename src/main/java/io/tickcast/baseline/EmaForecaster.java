package io.tickcast.baseline;

import io.tickcast.slab.Slab;
import java.nio.ByteBuffer;

/** Exponential moving average of prices with weight alpha on the newest, taken as the next price. */
public final class EmaForecaster implements Forecaster {
  /** Bytes of the state: the average, NaN before the first price. */
  public static final int BYTES = 8;

  private final double alpha;
  private final byte[] data;
  private final int at;

  public EmaForecaster(double alpha) {
    this(alpha, new byte[BYTES], 0);
    reset();
  }

  /** A view of the state at {@code offset} of {@code data}. */
  public EmaForecaster(double alpha, byte[] data, int offset) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("EMA alpha must be in (0, 1]: " + alpha);
    }
    this.alpha = alpha;
    this.data = data;
    this.at = Slab.checkRegion(data, offset, BYTES);
  }

  @Override
  public String name() {
    return "ema";
  }

  @Override
  public int bytes() {
    return BYTES;
  }

  @Override
  public void reset() {
    Slab.putDouble(data, at, Double.NaN);
  }

  @Override
  public void observe(double price, double logPrice, double logReturn) {
    double ema = Slab.getDouble(data, at);
    Slab.putDouble(data, at, Double.isNaN(ema) ? price : ema + alpha * (price - ema));
  }

  @Override
  public double predictReturn(double lastPrice, double lastLogPrice) {
    double ema = Slab.getDouble(data, at);
    return Double.isNaN(ema) ? 0.0 : Math.log(ema) - lastLogPrice;
  }

  @Override
  public double predictPrice(double lastPrice, double lastLogPrice) {
    double ema = Slab.getDouble(data, at);
    return Double.isNaN(ema) ? lastPrice : ema;
  }

  @Override
  public void readLegacy(ByteBuffer in) {
    Slab.putDouble(data, at, in.getDouble());
  }
}

package io.tickcast.baseline;

import java.nio.ByteBuffer;

/** Exponential moving average of prices with weight alpha on the newest, taken as the next price. */
public final class EmaForecaster implements Forecaster {
  private final double alpha;
  private double ema = Double.NaN;

  public EmaForecaster(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("EMA alpha must be in (0, 1]: " + alpha);
    }
    this.alpha = alpha;
  }

  @Override
  public String name() {
    return "ema";
  }

  @Override
  public void observe(double price, double logReturn) {
    ema = Double.isNaN(ema) ? price : ema + alpha * (price - ema);
  }

  @Override
  public double predictReturn(double lastPrice) {
    return Double.isNaN(ema) ? 0.0 : Math.log(ema / lastPrice);
  }

  @Override
  public int serializedSize() {
    return 8;
  }

  @Override
  public void writeTo(ByteBuffer out) {
    out.putDouble(ema);
  }

  @Override
  public void readFrom(ByteBuffer in) {
    ema = in.getDouble();
  }
}

package io.tickcast.baseline;

import java.nio.ByteBuffer;

/** Simple moving average of the last n prices, taken as the next price. */
public final class SmaForecaster implements Forecaster {
  private final double[] window;
  private int filled;
  private int next;
  private double sum;

  public SmaForecaster(int n) {
    if (n < 1 || n > 1024) {
      throw new IllegalArgumentException("SMA window must be in [1, 1024]: " + n);
    }
    this.window = new double[n];
  }

  @Override
  public String name() {
    return "sma";
  }

  @Override
  public void observe(double price, double logReturn) {
    if (filled == window.length) {
      sum -= window[next];
    } else {
      filled++;
    }
    window[next] = price;
    sum += price;
    next = (next + 1) % window.length;
    if (next == 0) {
      // re-add from scratch once per lap so rounding errors of the running sum do not accumulate
      double s = 0;
      for (int i = 0; i < filled; i++) {
        s += window[i];
      }
      sum = s;
    }
  }

  @Override
  public double predictReturn(double lastPrice) {
    return filled == 0 ? 0.0 : Math.log((sum / filled) / lastPrice);
  }

  @Override
  public int serializedSize() {
    return 4 + 4 + 8 + 8 * window.length;
  }

  @Override
  public void writeTo(ByteBuffer out) {
    out.putInt(filled).putInt(next).putDouble(sum);
    for (double v : window) {
      out.putDouble(v);
    }
  }

  @Override
  public void readFrom(ByteBuffer in) {
    filled = in.getInt();
    next = in.getInt();
    sum = in.getDouble(); // the running sum itself, so a restored state continues bit for bit
    for (int i = 0; i < window.length; i++) {
      window[i] = in.getDouble();
    }
  }
}

package io.tickcast.baseline;

import io.tickcast.slab.Slab;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Simple moving average of the last n prices, taken as the next price. */
public final class SmaForecaster implements Forecaster {
  private static final int FILLED = 0;
  private static final int NEXT = 4;
  private static final int SUM = 8;
  private static final int WINDOW = 16;

  private final int n;
  private final byte[] data;
  private final int at;

  public SmaForecaster(int n) {
    this(n, new byte[bytes(checkWindow(n))], 0);
    reset();
  }

  /** A view of the state at {@code offset} of {@code data}. */
  public SmaForecaster(int n, byte[] data, int offset) {
    this.n = checkWindow(n);
    this.data = data;
    this.at = Slab.checkRegion(data, offset, bytes(n));
  }

  private static int checkWindow(int n) {
    if (n < 1 || n > 1024) {
      throw new IllegalArgumentException("SMA window must be in [1, 1024]: " + n);
    }
    return n;
  }

  /** Bytes of the state of a window of {@code n} prices: the fill, the ring's next slot, the running sum, the ring. */
  public static int bytes(int n) {
    return WINDOW + 8 * n;
  }

  @Override
  public String name() {
    return "sma";
  }

  @Override
  public int bytes() {
    return bytes(n);
  }

  @Override
  public void reset() {
    Arrays.fill(data, at, at + bytes(n), (byte) 0);
  }

  @Override
  public void observe(double price, double logPrice, double logReturn) {
    byte[] d = data;
    int filled = Slab.getInt(d, at + FILLED);
    int next = Slab.getInt(d, at + NEXT);
    double sum = Slab.getDouble(d, at + SUM);
    int slot = at + WINDOW + 8 * next;
    if (filled == n) {
      sum -= Slab.getDouble(d, slot);
    } else {
      filled++;
    }
    Slab.putDouble(d, slot, price);
    sum += price;
    next = next + 1 == n ? 0 : next + 1;
    if (next == 0) {
      // re-add from scratch once per lap so rounding errors of the running sum do not accumulate
      double s = 0;
      for (int i = 0; i < filled; i++) {
        s += Slab.getDouble(d, at + WINDOW + 8 * i);
      }
      sum = s;
    }
    Slab.putInt(d, at + FILLED, filled);
    Slab.putInt(d, at + NEXT, next);
    Slab.putDouble(d, at + SUM, sum);
  }

  @Override
  public double predictReturn(double lastPrice, double lastLogPrice) {
    int filled = Slab.getInt(data, at + FILLED);
    return filled == 0 ? 0.0 : Math.log(Slab.getDouble(data, at + SUM) / filled) - lastLogPrice;
  }

  @Override
  public double predictPrice(double lastPrice, double lastLogPrice) {
    int filled = Slab.getInt(data, at + FILLED);
    return filled == 0 ? lastPrice : Slab.getDouble(data, at + SUM) / filled;
  }

  @Override
  public void readLegacy(ByteBuffer in) {
    Slab.putInt(data, at + FILLED, in.getInt());
    Slab.putInt(data, at + NEXT, in.getInt());
    Slab.putDouble(data, at + SUM, in.getDouble()); // the running sum itself, so a restored state continues bit for bit
    for (int i = 0; i < n; i++) {
      Slab.putDouble(data, at + WINDOW + 8 * i, in.getDouble());
    }
  }
}

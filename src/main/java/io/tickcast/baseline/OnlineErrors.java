package io.tickcast.baseline;

import io.tickcast.slab.CompactForm;
import io.tickcast.slab.Slab;
import java.nio.ByteBuffer;

/**
 * Exponentially weighted online error figures of one forecaster for one symbol.
 *
 * <p>Scored once per tick against what happened: the squared error of the predicted log-return,
 * the absolute error of the predicted price, and whether the predicted move had the right sign
 * (ticks whose actual move is zero are not counted; a predicted zero move is a miss). The EWMA
 * weight comes from a half-life in ticks, so recent behaviour dominates; the first scores are
 * bias-corrected so that a fresh symbol's figures are plain means rather than shrunk towards zero.
 *
 * <p>The figures live in {@value #BYTES} bytes of a byte array, either its own or a region of a
 * symbol's whole state (which is then stored by copying that one array); all zeros is the state
 * before the first score.
 */
public final class OnlineErrors {
  /** Bytes of the figures in their array. */
  public static final int BYTES = 40;
  private static final int SQUARED_RETURN_ERROR = 0;
  private static final int ABS_PRICE_ERROR = 8;
  /** Sum of EWMA weights so far, for bias correction: 1 - (1 - alpha)^n. */
  private static final int WEIGHT_SUM = 16;
  private static final int HITS = 24;
  private static final int DIRECTIONAL_COUNT = 28;
  private static final int COUNT = 32;

  private final byte[] data;
  private final int at;

  /** Figures of their own, before the first score. */
  public OnlineErrors() {
    this(new byte[BYTES], 0);
  }

  /** A view of the figures at {@code offset} of {@code data}; the bytes there are the figures. */
  public OnlineErrors(byte[] data, int offset) {
    this.data = data;
    this.at = Slab.checkRegion(data, offset, BYTES);
  }

  /** Declares the averages, which floats keep far below any error they average, as stored as floats. */
  public void storedAsFloats(CompactForm.Builder form) {
    form.add(at + SQUARED_RETURN_ERROR).add(at + ABS_PRICE_ERROR).add(at + WEIGHT_SUM);
  }

  /** Records one scored forecast. */
  public void score(double predictedReturn, double actualReturn, double predictedPrice, double actualPrice, double alpha) {
    byte[] d = data;
    double re = predictedReturn - actualReturn;
    double pe = Math.abs(predictedPrice - actualPrice);
    double sq = Slab.getDouble(d, at + SQUARED_RETURN_ERROR);
    double abs = Slab.getDouble(d, at + ABS_PRICE_ERROR);
    double w = Slab.getDouble(d, at + WEIGHT_SUM);
    Slab.putDouble(d, at + SQUARED_RETURN_ERROR, sq + alpha * (re * re - sq));
    Slab.putDouble(d, at + ABS_PRICE_ERROR, abs + alpha * (pe - abs));
    Slab.putDouble(d, at + WEIGHT_SUM, w + alpha * (1.0 - w));
    Slab.putLong(d, at + COUNT, Slab.getLong(d, at + COUNT) + 1);
    if (actualReturn != 0.0) {
      Slab.putInt(d, at + DIRECTIONAL_COUNT, Slab.getInt(d, at + DIRECTIONAL_COUNT) + 1);
      // a hit: a non-zero prediction with the actual move's sign (the sign bits compared without a
      // branch: whether a forecast hits is a coin toss the branch predictor would miss half the time)
      boolean sameSign = (Double.doubleToRawLongBits(predictedReturn) ^ Double.doubleToRawLongBits(actualReturn)) >= 0;
      Slab.putInt(d, at + HITS, Slab.getInt(d, at + HITS) + (sameSign & predictedReturn != 0.0 ? 1 : 0));
    }
  }

  /** Bias-corrected EWMA of the squared log-return error; NaN before the first score. */
  public double squaredReturnError() {
    double w = Slab.getDouble(data, at + WEIGHT_SUM);
    return w == 0 ? Double.NaN : Slab.getDouble(data, at + SQUARED_RETURN_ERROR) / w;
  }

  /** Bias-corrected EWMA of the absolute price error; NaN before the first score. */
  public double absPriceError() {
    double w = Slab.getDouble(data, at + WEIGHT_SUM);
    return w == 0 ? Double.NaN : Slab.getDouble(data, at + ABS_PRICE_ERROR) / w;
  }

  /** Share of correct move signs among scored ticks with a non-zero move; NaN when there are none. */
  public double hitRate() {
    int n = Slab.getInt(data, at + DIRECTIONAL_COUNT);
    return n == 0 ? Double.NaN : (double) Slab.getInt(data, at + HITS) / n;
  }

  public boolean scored() {
    return count() > 0;
  }

  /** Number of forecasts scored. */
  public long count() {
    return Slab.getLong(data, at + COUNT);
  }

  /**
   * Reads the figures as state formats 1 and 2 wrote them (squared return error, absolute price
   * error, weight sum, hits, directional count, count, in the buffer's byte order).
   */
  public void readLegacy(ByteBuffer in) {
    Slab.putDouble(data, at + SQUARED_RETURN_ERROR, in.getDouble());
    Slab.putDouble(data, at + ABS_PRICE_ERROR, in.getDouble());
    Slab.putDouble(data, at + WEIGHT_SUM, in.getDouble());
    Slab.putInt(data, at + HITS, in.getInt());
    Slab.putInt(data, at + DIRECTIONAL_COUNT, in.getInt());
    Slab.putLong(data, at + COUNT, in.getLong());
  }

  /** Converts a half-life in ticks into the EWMA weight of the newest observation. */
  public static double alphaForHalfLife(double halfLifeTicks) {
    if (!(halfLifeTicks > 0)) {
      throw new IllegalArgumentException("half-life must be positive: " + halfLifeTicks);
    }
    return 1.0 - Math.pow(0.5, 1.0 / halfLifeTicks);
  }
}

package io.tickcast.baseline;

import java.nio.ByteBuffer;

/**
 * Exponentially weighted online error figures of one forecaster for one symbol.
 *
 * <p>Scored once per tick against what happened: the squared error of the predicted log-return,
 * the absolute error of the predicted price, and whether the predicted move had the right sign
 * (ticks whose actual move is zero are not counted; a predicted zero move is a miss). The EWMA
 * weight comes from a half-life in ticks, so recent behaviour dominates; the first scores are
 * bias-corrected so that a fresh symbol's figures are plain means rather than shrunk towards zero.
 */
public final class OnlineErrors {
  /** Bytes of {@link #writeTo}. */
  public static final int SERIALIZED_SIZE = 8 + 8 + 8 + 4 + 4 + 8;

  private double ewmaSquaredReturnError;
  private double ewmaAbsPriceError;
  /** Sum of EWMA weights so far, for bias correction: 1 - (1 - alpha)^n. */
  private double weightSum;
  private int hits;
  private int directionalCount;
  private long count;

  /** Records one scored forecast. */
  public void score(double predictedReturn, double actualReturn, double predictedPrice, double actualPrice, double alpha) {
    double re = predictedReturn - actualReturn;
    double pe = Math.abs(predictedPrice - actualPrice);
    ewmaSquaredReturnError += alpha * (re * re - ewmaSquaredReturnError);
    ewmaAbsPriceError += alpha * (pe - ewmaAbsPriceError);
    weightSum += alpha * (1.0 - weightSum);
    count++;
    if (actualReturn != 0.0) {
      directionalCount++;
      if (predictedReturn != 0.0 && Math.signum(predictedReturn) == Math.signum(actualReturn)) {
        hits++;
      }
    }
  }

  /** Bias-corrected EWMA of the squared log-return error; NaN before the first score. */
  public double squaredReturnError() {
    return weightSum == 0 ? Double.NaN : ewmaSquaredReturnError / weightSum;
  }

  /** Bias-corrected EWMA of the absolute price error; NaN before the first score. */
  public double absPriceError() {
    return weightSum == 0 ? Double.NaN : ewmaAbsPriceError / weightSum;
  }

  /** Share of correct move signs among scored ticks with a non-zero move; NaN when there are none. */
  public double hitRate() {
    return directionalCount == 0 ? Double.NaN : (double) hits / directionalCount;
  }

  public boolean scored() {
    return count > 0;
  }

  /** Number of forecasts scored. */
  public long count() {
    return count;
  }

  public void writeTo(ByteBuffer out) {
    out.putDouble(ewmaSquaredReturnError).putDouble(ewmaAbsPriceError).putDouble(weightSum);
    out.putInt(hits).putInt(directionalCount).putLong(count);
  }

  public void readFrom(ByteBuffer in) {
    ewmaSquaredReturnError = in.getDouble();
    ewmaAbsPriceError = in.getDouble();
    weightSum = in.getDouble();
    hits = in.getInt();
    directionalCount = in.getInt();
    count = in.getLong();
  }

  public void copyFrom(OnlineErrors o) {
    ewmaSquaredReturnError = o.ewmaSquaredReturnError;
    ewmaAbsPriceError = o.ewmaAbsPriceError;
    weightSum = o.weightSum;
    hits = o.hits;
    directionalCount = o.directionalCount;
    count = o.count;
  }

  /** Converts a half-life in ticks into the EWMA weight of the newest observation. */
  public static double alphaForHalfLife(double halfLifeTicks) {
    if (!(halfLifeTicks > 0)) {
      throw new IllegalArgumentException("half-life must be positive: " + halfLifeTicks);
    }
    return 1.0 - Math.pow(0.5, 1.0 / halfLifeTicks);
  }
}

package io.tickcast.features;

import io.tickcast.slab.Slab;
import java.nio.ByteBuffer;

/**
 * Bias-corrected exponentially weighted mean and variance of one series, kept in {@value #BYTES}
 * bytes of a byte array (the running mean, mean of squares and weight; all zeros before the first
 * value).
 *
 * <p>The bias correction (dividing by the weight accumulated so far) makes the first values plain
 * averages instead of values shrunk towards the zero the sums start from.
 */
final class RunningMoments {
  static final int BYTES = 3 * 8;
  /** Floor of the standard deviation, so a flat series does not divide by zero. */
  static final double MIN_STD = 1e-9;
  private static final int MEAN = 0;
  private static final int MEAN_OF_SQUARES = 8;
  private static final int WEIGHT = 16;

  private RunningMoments() {}

  static void add(byte[] d, int at, double x, double alpha) {
    double mean = Slab.getDouble(d, at + MEAN);
    double meanOfSquares = Slab.getDouble(d, at + MEAN_OF_SQUARES);
    double weight = Slab.getDouble(d, at + WEIGHT);
    Slab.putDouble(d, at + MEAN, mean + alpha * (x - mean));
    Slab.putDouble(d, at + MEAN_OF_SQUARES, meanOfSquares + alpha * (x * x - meanOfSquares));
    Slab.putDouble(d, at + WEIGHT, weight + alpha * (1.0 - weight));
  }

  static double mean(byte[] d, int at) {
    double weight = Slab.getDouble(d, at + WEIGHT);
    return weight == 0 ? 0.0 : Slab.getDouble(d, at + MEAN) / weight;
  }

  static double std(byte[] d, int at) {
    double weight = Slab.getDouble(d, at + WEIGHT);
    return weight == 0 ? 1.0 : std(d, at, Slab.getDouble(d, at + MEAN) / weight, weight);
  }

  /** z-score of x under the current moments, clipped. */
  static double z(byte[] d, int at, double x, double clip) {
    double weight = Slab.getDouble(d, at + WEIGHT);
    if (weight == 0) {
      return 0.0;
    }
    double m = Slab.getDouble(d, at + MEAN) / weight;
    double z = (x - m) / std(d, at, m, weight);
    return Math.max(-clip, Math.min(clip, z));
  }

  /** The value whose z-score is {@code z}: {@code mean + std · z}. */
  static double fromZ(byte[] d, int at, double z) {
    double weight = Slab.getDouble(d, at + WEIGHT);
    if (weight == 0) {
      return z;
    }
    double m = Slab.getDouble(d, at + MEAN) / weight;
    return m + std(d, at, m, weight) * z;
  }

  /** The floored standard deviation, given the bias-corrected mean {@code m} and the weight (non-zero) it came from. */
  private static double std(byte[] d, int at, double m, double weight) {
    double var = Slab.getDouble(d, at + MEAN_OF_SQUARES) / weight - m * m;
    return Math.max(Math.sqrt(Math.max(var, 0.0)), MIN_STD);
  }

  /** Reads the moments as state formats 1 and 2 wrote them. */
  static void readLegacy(byte[] d, int at, ByteBuffer in) {
    Slab.putDouble(d, at + MEAN, in.getDouble());
    Slab.putDouble(d, at + MEAN_OF_SQUARES, in.getDouble());
    Slab.putDouble(d, at + WEIGHT, in.getDouble());
  }
}

package io.tickcast.features;

import java.nio.ByteBuffer;

/**
 * Bias-corrected exponentially weighted mean and variance of one series.
 *
 * <p>The bias correction (dividing by the weight accumulated so far) makes the first values plain
 * averages instead of values shrunk towards the zero the sums start from.
 */
final class RunningMoments {
  static final int SERIALIZED_SIZE = 3 * 8;
  /** Floor of the standard deviation, so a flat series does not divide by zero. */
  static final double MIN_STD = 1e-9;

  private double mean;
  private double meanOfSquares;
  private double weight;

  void add(double x, double alpha) {
    mean += alpha * (x - mean);
    meanOfSquares += alpha * (x * x - meanOfSquares);
    weight += alpha * (1.0 - weight);
  }

  double mean() {
    return weight == 0 ? 0.0 : mean / weight;
  }

  double std() {
    if (weight == 0) {
      return 1.0;
    }
    double m = mean / weight;
    double var = meanOfSquares / weight - m * m;
    return Math.max(Math.sqrt(Math.max(var, 0.0)), MIN_STD);
  }

  /** z-score of x under the current moments, clipped. */
  double z(double x, double clip) {
    if (weight == 0) {
      return 0.0;
    }
    double z = (x - mean()) / std();
    return Math.max(-clip, Math.min(clip, z));
  }

  void writeTo(ByteBuffer out) {
    out.putDouble(mean).putDouble(meanOfSquares).putDouble(weight);
  }

  void readFrom(ByteBuffer in) {
    mean = in.getDouble();
    meanOfSquares = in.getDouble();
    weight = in.getDouble();
  }
}

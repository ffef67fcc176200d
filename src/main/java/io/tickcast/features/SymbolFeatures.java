package io.tickcast.features;

import java.nio.ByteBuffer;

/**
 * Per-symbol feature state: the running statistics that normalise each feature.
 *
 * <p>For every accepted tick after a symbol's first, {@link #next} computes the full feature vector
 * from the raw change (log-return, interval, volume) using the statistics of the ticks before it,
 * then folds the tick into the statistics. The same sequence of raw ticks therefore always yields
 * the same features, in the stream, in the trainer and in the backtest.
 *
 * <p>The training target of a step is the next step's {@link Feature#RETURN_Z}: the next log-return
 * z-scored by the statistics as they stand after this step, which is exactly how
 * {@link #returnFromZ} turns a model output back into a log-return.
 */
public final class SymbolFeatures {
  public static final int SERIALIZED_SIZE = 3 * RunningMoments.SERIALIZED_SIZE + 8;

  private final RunningMoments returns = new RunningMoments();
  private final RunningMoments logIntervals = new RunningMoments();
  private final RunningMoments logVolumes = new RunningMoments();
  private long steps;
  private double lastReturnZ;

  /**
   * Computes the full feature vector of one step into {@code out[offset .. offset + Feature.COUNT)}
   * and updates the statistics.
   *
   * @param logReturn log(price / previous price)
   * @param intervalMillis event time since the previous tick, &gt; 0
   * @param volume the tick's volume, or NaN when it has none
   */
  public void next(double logReturn, long intervalMillis, double volume, FeatureSettings settings, float[] out, int offset) {
    double alpha = settings.alpha();
    double clip = settings.clip();
    double logInterval = Math.log(Math.max(intervalMillis, 1) / 1000.0);
    double zr = returns.z(logReturn, clip);
    lastReturnZ = zr;
    out[offset + Feature.RETURN_Z.ordinal()] = (float) zr;
    out[offset + Feature.LOG_INTERVAL_Z.ordinal()] = (float) logIntervals.z(logInterval, clip);
    boolean hasVolume = !Double.isNaN(volume);
    if (hasVolume) {
      double lv = Math.log(1.0 + volume); // not log1p: it has no intrinsic and was a visible per-tick cost
      out[offset + Feature.LOG_VOLUME_Z.ordinal()] = (float) logVolumes.z(lv, clip);
      logVolumes.add(lv, alpha);
    } else {
      out[offset + Feature.LOG_VOLUME_Z.ordinal()] = 0f;
    }
    out[offset + Feature.VOLUME_PRESENT.ordinal()] = hasVolume ? 1f : 0f;
    returns.add(logReturn, alpha);
    logIntervals.add(logInterval, alpha);
    steps++;
  }

  /** Number of steps folded in (accepted ticks after the first). */
  public long steps() {
    return steps;
  }

  /** The clipped z-score of the latest step's log-return (the previous step's training target). */
  public double lastReturnZ() {
    return lastReturnZ;
  }

  /** Mean of log-returns under the current statistics. */
  public double returnMean() {
    return returns.mean();
  }

  /** Standard deviation of log-returns under the current statistics. */
  public double returnStd() {
    return returns.std();
  }

  /** Turns a predicted next-step return z-score into a log-return. */
  public double returnFromZ(double z) {
    return returns.mean() + returns.std() * z;
  }

  /** z-score (clipped) a log-return would get as the next step. */
  public double returnToZ(double logReturn, FeatureSettings settings) {
    return returns.z(logReturn, settings.clip());
  }

  public void writeTo(ByteBuffer out) {
    returns.writeTo(out);
    logIntervals.writeTo(out);
    logVolumes.writeTo(out);
    out.putLong(steps);
  }

  public void readFrom(ByteBuffer in) {
    returns.readFrom(in);
    logIntervals.readFrom(in);
    logVolumes.readFrom(in);
    steps = in.getLong();
  }
}

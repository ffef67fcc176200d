package io.tickcast.features;

import io.tickcast.slab.CompactForm;
import io.tickcast.slab.Slab;
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
  /** Bytes of the statistics in their array. */
  public static final int BYTES = 3 * RunningMoments.BYTES + 8 + 8;
  private static final int RETURNS = 0;
  private static final int LOG_INTERVALS = RETURNS + RunningMoments.BYTES;
  private static final int LOG_VOLUMES = LOG_INTERVALS + RunningMoments.BYTES;
  private static final int STEPS = LOG_VOLUMES + RunningMoments.BYTES;
  private static final int LAST_RETURN_Z = STEPS + 8;

  private final byte[] data;
  private final int at;

  /** Statistics of their own, of a symbol not seen before. */
  public SymbolFeatures() {
    this(new byte[BYTES], 0);
  }

  /**
   * A view of the statistics at {@code offset} of {@code data} (all zeros there: a symbol not seen
   * before), so that they are stored with the rest of the symbol's state in one array.
   */
  public SymbolFeatures(byte[] data, int offset) {
    this.data = data;
    this.at = Slab.checkRegion(data, offset, BYTES);
  }

  /**
   * Declares the last return's z-score as stored as a float (the model reads features as floats);
   * the running moments stay doubles, whose variance is a difference of near numbers.
   */
  public void storedAsFloats(CompactForm.Builder form) {
    form.add(at + LAST_RETURN_Z);
  }

  /**
   * Computes the full feature vector of one step into {@code out[offset .. offset + Feature.COUNT)}
   * and updates the statistics.
   *
   * @param logReturn log(price / previous price)
   * @param intervalMillis event time since the previous tick, &gt;= 0; a gap under 1 ms counts as 1 ms
   *     ({@link Feature#LOG_INTERVAL_Z})
   * @param volume the tick's volume, or NaN when it has none
   */
  public void next(double logReturn, long intervalMillis, double volume, FeatureSettings settings, float[] out, int offset) {
    byte[] d = data;
    double alpha = settings.alpha();
    double clip = settings.clip();
    double logInterval = Math.log(Math.max(intervalMillis, 1) / 1000.0);
    double zr = RunningMoments.z(d, at + RETURNS, logReturn, clip);
    Slab.putDouble(d, at + LAST_RETURN_Z, zr);
    out[offset + Feature.RETURN_Z.ordinal()] = (float) zr;
    out[offset + Feature.LOG_INTERVAL_Z.ordinal()] = (float) RunningMoments.z(d, at + LOG_INTERVALS, logInterval, clip);
    boolean hasVolume = !Double.isNaN(volume);
    if (hasVolume) {
      double lv = Math.log(1.0 + volume); // not log1p: it has no intrinsic and was a visible per-tick cost
      out[offset + Feature.LOG_VOLUME_Z.ordinal()] = (float) RunningMoments.z(d, at + LOG_VOLUMES, lv, clip);
      RunningMoments.add(d, at + LOG_VOLUMES, lv, alpha);
    } else {
      out[offset + Feature.LOG_VOLUME_Z.ordinal()] = 0f;
    }
    out[offset + Feature.VOLUME_PRESENT.ordinal()] = hasVolume ? 1f : 0f;
    RunningMoments.add(d, at + RETURNS, logReturn, alpha);
    RunningMoments.add(d, at + LOG_INTERVALS, logInterval, alpha);
    Slab.putLong(d, at + STEPS, Slab.getLong(d, at + STEPS) + 1);
  }

  /** Number of steps folded in (accepted ticks after the first). */
  public long steps() {
    return Slab.getLong(data, at + STEPS);
  }

  /** The clipped z-score of the latest step's log-return (the previous step's training target). */
  public double lastReturnZ() {
    return Slab.getDouble(data, at + LAST_RETURN_Z);
  }

  /** Mean of log-returns under the current statistics. */
  public double returnMean() {
    return RunningMoments.mean(data, at + RETURNS);
  }

  /** Standard deviation of log-returns under the current statistics. */
  public double returnStd() {
    return RunningMoments.std(data, at + RETURNS);
  }

  /** Turns a predicted next-step return z-score into a log-return. */
  public double returnFromZ(double z) {
    return RunningMoments.fromZ(data, at + RETURNS, z);
  }

  /** z-score (clipped) a log-return would get as the next step. */
  public double returnToZ(double logReturn, FeatureSettings settings) {
    return RunningMoments.z(data, at + RETURNS, logReturn, settings.clip());
  }

  /**
   * Reads the statistics as state formats 1 and 2 wrote them (the three moments and the step
   * count; those formats did not keep {@link #lastReturnZ}, which reads as 0).
   */
  public void readLegacy(ByteBuffer in) {
    RunningMoments.readLegacy(data, at + RETURNS, in);
    RunningMoments.readLegacy(data, at + LOG_INTERVALS, in);
    RunningMoments.readLegacy(data, at + LOG_VOLUMES, in);
    Slab.putLong(data, at + STEPS, in.getLong());
  }
}

package io.tickcast.train;

import io.tickcast.features.Feature;
import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.features.SymbolFeatures;

/**
 * A symbol's history turned into model steps by the serving feature code ({@link SymbolFeatures}),
 * exactly as the per-tick step computes them: step t is the tick t + 1 (the first tick only starts
 * the statistics), its input the model's selection of the full feature vector, its target the next
 * step's return z-score, and its naive forecast the z-score a zero log-return would get, i.e.
 * the random walk expressed in the same units as the model's output.
 *
 * <p>Steps before the end of warm-up are inputs only: the stream emits the naive forecast there, so
 * they are never scored ({@link #firstScored()}). The last step has no target.
 */
public final class FeatureSteps {
  private final String symbol;
  private final int inputSize;
  /** [steps * inputSize], row-major. */
  private final float[] inputs;
  /** Target of each step; NaN for the last. */
  private final float[] targets;
  /** The naive (zero log-return) forecast of each step in z units. */
  private final float[] naive;
  /** Event time of each step's tick. */
  private final long[] times;
  private final int firstScored;

  private FeatureSteps(String symbol, int inputSize, float[] inputs, float[] targets, float[] naive, long[] times,
      int firstScored) {
    this.symbol = symbol;
    this.inputSize = inputSize;
    this.inputs = inputs;
    this.targets = targets;
    this.naive = naive;
    this.times = times;
    this.firstScored = firstScored;
  }

  /** Runs the serving feature code over a history. */
  public static FeatureSteps compute(SymbolHistory history, FeatureSpec spec, FeatureSettings settings) {
    int n = Math.max(history.size() - 1, 0);
    int d = spec.size();
    float[] inputs = new float[n * d];
    float[] targets = new float[n];
    float[] naive = new float[n];
    long[] times = new long[n];
    float[] full = new float[Feature.COUNT];
    float[] selected = new float[d];
    SymbolFeatures features = new SymbolFeatures();
    long[] t = history.times();
    double[] p = history.prices();
    double[] v = history.volumes();
    for (int s = 0; s < n; s++) {
      int tick = s + 1;
      double r = Math.log(p[tick] / p[tick - 1]);
      features.next(r, t[tick] - t[tick - 1], v[tick], settings, full, 0);
      if (s > 0) {
        targets[s - 1] = (float) features.lastReturnZ();
      }
      spec.select(full, 0, selected);
      System.arraycopy(selected, 0, inputs, s * d, d);
      naive[s] = (float) features.returnToZ(0.0, settings);
      times[s] = t[tick];
    }
    if (n > 0) {
      targets[n - 1] = Float.NaN;
    }
    // steps() after step s is s + 1; the stream emits the model from steps() >= warm-up on
    int firstScored = settings.warmupTicks() - 1;
    return new FeatureSteps(history.symbol(), d, inputs, targets, naive, times, firstScored);
  }

  public String symbol() {
    return symbol;
  }

  /** Number of steps (ticks - 1). */
  public int size() {
    return targets.length;
  }

  public int inputSize() {
    return inputSize;
  }

  /** Index of the first step whose forecast the stream emits; steps before it only warm up. */
  public int firstScored() {
    return firstScored;
  }

  /** Steps that have a target and are past warm-up: [firstScored, size - 1). */
  public int scorableSteps() {
    return Math.max(size() - 1 - firstScored, 0);
  }

  public float target(int step) {
    return targets[step];
  }

  public float naive(int step) {
    return naive[step];
  }

  public long time(int step) {
    return times[step];
  }

  /** Copies steps [from, from + length) into a per-step input array. */
  float[][] inputRows(int from, int length) {
    float[][] rows = new float[length][];
    for (int k = 0; k < length; k++) {
      rows[k] = java.util.Arrays.copyOfRange(inputs, (from + k) * inputSize, (from + k + 1) * inputSize);
    }
    return rows;
  }

  float[] targetSlice(int from, int length) {
    return java.util.Arrays.copyOfRange(targets, from, from + length);
  }
}

package io.tickcast.train;

import io.tickcast.features.Feature;
import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.features.HorizonScaling;
import io.tickcast.features.SymbolFeatures;
import io.tickcast.forecast.Horizons;

/**
 * The reference for {@link SequenceCutter} in tests: a symbol's whole history turned into model steps by the serving feature code ({@link SymbolFeatures}),
 * exactly as the per-tick step computes them: step t is the tick t + 1 (the first tick only starts
 * the statistics), its input the model's selection of the full feature vector, and one target and
 * one naive forecast per horizon.
 *
 * <p>The target of horizon h is the z-score of the cumulative log-return over the h ticks after the
 * step's tick under the return moments as they stand after the step ({@link HorizonScaling}), the
 * scale in which the model's output k is served. For h = 1 it is the next step's return z-score
 * ({@link SymbolFeatures#lastReturnZ()}), exactly the one-step target. A target whose h ticks run
 * past the end of the history is missing (NaN). The naive forecast of horizon h is the z-score a
 * zero cumulative return would get, i.e. the random walk expressed in the same units as the
 * model's output.
 *
 * <p>Steps before the end of warm-up are inputs only: the stream emits the naive forecast there, so
 * they are never scored ({@link #firstScored()}). The last step has no target.
 */
final class FeatureSteps {
  private final String symbol;
  private final int inputSize;
  private final Horizons horizons;
  /** [steps * inputSize], row-major. */
  private final float[] inputs;
  /** [steps * horizons], row-major; NaN where the horizon runs past the history. */
  private final float[] targets;
  /** The naive (zero cumulative return) forecast of each step and horizon in z units, [steps * horizons]. */
  private final float[] naive;
  /** Event time of each step's tick. */
  private final long[] times;
  private final int firstScored;

  private FeatureSteps(String symbol, int inputSize, Horizons horizons, float[] inputs, float[] targets, float[] naive,
      long[] times, int firstScored) {
    this.symbol = symbol;
    this.inputSize = inputSize;
    this.horizons = horizons;
    this.inputs = inputs;
    this.targets = targets;
    this.naive = naive;
    this.times = times;
    this.firstScored = firstScored;
  }

  /** Runs the serving feature code over a history, with horizon 1 only. */
  public static FeatureSteps compute(SymbolHistory history, FeatureSpec spec, FeatureSettings settings) {
    return compute(history, spec, settings, Horizons.NEXT_TICK);
  }

  /** Runs the serving feature code over a history, with a target and a naive forecast per horizon. */
  public static FeatureSteps compute(SymbolHistory history, FeatureSpec spec, FeatureSettings settings,
      Horizons horizons) {
    int n = Math.max(history.size() - 1, 0);
    int d = spec.size();
    int k = horizons.count();
    float[] inputs = new float[n * d];
    float[] targets = new float[n * k];
    float[] naive = new float[n * k];
    java.util.Arrays.fill(targets, Float.NaN);
    long[] times = new long[n];
    float[] full = new float[Feature.COUNT];
    float[] selected = new float[d];
    SymbolFeatures features = new SymbolFeatures();
    long[] t = history.times();
    double[] p = history.prices();
    double[] v = history.volumes();
    double clip = settings.clip();
    for (int s = 0; s < n; s++) {
      int tick = s + 1;
      double r = Math.log(p[tick] / p[tick - 1]);
      features.next(r, t[tick] - t[tick - 1], v[tick], settings, full, 0);
      if (s > 0) {
        targets[(s - 1) * k] = (float) features.lastReturnZ();
      }
      spec.select(full, 0, selected);
      System.arraycopy(selected, 0, inputs, s * d, d);
      naive[s * k] = (float) features.returnToZ(0.0, settings);
      double mean = features.returnMean();
      double std = features.returnStd();
      for (int j = 1; j < k; j++) {
        int h = horizons.get(j);
        naive[s * k + j] = (float) HorizonScaling.toZ(0.0, h, mean, std, clip);
        if (tick + h <= n) {
          targets[s * k + j] = (float) HorizonScaling.toZ(Math.log(p[tick + h] / p[tick]), h, mean, std, clip);
        }
      }
      times[s] = t[tick];
    }
    // steps() after step s is s + 1; the stream emits the model from steps() >= warm-up on
    int firstScored = settings.warmupTicks() - 1;
    return new FeatureSteps(history.symbol(), d, horizons, inputs, targets, naive, times, firstScored);
  }

  public String symbol() {
    return symbol;
  }

  /** Number of steps (ticks - 1). */
  public int size() {
    return times.length;
  }

  public int inputSize() {
    return inputSize;
  }

  /** The horizons of the targets, in target order. */
  public Horizons horizons() {
    return horizons;
  }

  /** Index of the first step whose forecast the stream emits; steps before it only warm up. */
  public int firstScored() {
    return firstScored;
  }

  /** Steps that have a horizon-1 target and are past warm-up: [firstScored, size - 1). */
  public int scorableSteps() {
    return Math.max(size() - 1 - firstScored, 0);
  }

  /** The horizon-1 target of a step; NaN for the last. */
  public float target(int step) {
    return targets[step * horizons.count()];
  }

  /** The target of horizon {@code horizons().get(k)} at a step; NaN where the horizon runs past the history. */
  public float target(int step, int k) {
    return targets[step * horizons.count() + k];
  }

  /** The horizon-1 naive forecast of a step. */
  public float naive(int step) {
    return naive[step * horizons.count()];
  }

  /** The naive forecast of horizon {@code horizons().get(k)} at a step. */
  public float naive(int step, int k) {
    return naive[step * horizons.count() + k];
  }

  public long time(int step) {
    return times[step];
  }

  /** Copies steps [from, from + length) into a per-step input array. */
  float[][] inputRows(int from, int length) {
    float[][] rows = new float[length][];
    for (int j = 0; j < length; j++) {
      rows[j] = java.util.Arrays.copyOfRange(inputs, (from + j) * inputSize, (from + j + 1) * inputSize);
    }
    return rows;
  }

  /**
   * The targets of steps [from, from + length), one row per step, leaving out (NaN) every target
   * that reads a tick after {@code lastTick}: a horizon-h target of step s reads the ticks up to
   * s + 1 + h.
   */
  float[][] targetRows(int from, int length, int lastTick) {
    int k = horizons.count();
    float[][] rows = new float[length][k];
    for (int j = 0; j < length; j++) {
      int step = from + j;
      for (int o = 0; o < k; o++) {
        rows[j][o] = step + 1 + horizons.get(o) <= lastTick ? targets[step * k + o] : Float.NaN;
      }
    }
    return rows;
  }
}

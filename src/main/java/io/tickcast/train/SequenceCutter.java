package io.tickcast.train;

import io.tickcast.features.Feature;
import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.features.HorizonScaling;
import io.tickcast.features.SymbolFeatures;
import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.Sequence;

/**
 * Cuts one symbol's ticks, as they arrive in time order, into training and held-out windows, holding
 * only the last {@code sequenceLength + max horizon} steps: the streaming form of a whole history's
 * steps (the tests' {@code FeatureSteps}, its reference) and {@link TrainingData}'s tiling, with the
 * same steps, targets, naive forecasts and windows.
 *
 * <p>The symbol's scorable steps are split at a step {@code split}: steps before it are the
 * training side, steps from it on are held out. The split is either a step index known up front
 * (the most recent {@code validationFraction} of a history whose length is known, as {@link
 * TrainingData#build} does) or the first step whose tick is at or after a cut time (the streaming
 * trainer, which cannot know a symbol's length before its end). Each side is tiled by windows of
 * {@code sequenceLength} steps scored from {@code burnIn} on, stepping by {@code sequenceLength -
 * burnIn}; a training window's targets read no tick after the tick of step {@code split} (the first
 * held-out step's input), so no training target reads a held-out target's tick.
 *
 * <p>A window is offered to its side's {@link Reservoir} as soon as its steps' targets are known
 * (max horizon ticks after its last step, or at {@link #finish()}); its rows are copied only if the
 * reservoir keeps it.
 */
final class SequenceCutter {
  /** A held-out window and the naive forecast's squared errors on its scored terms, per horizon. */
  record HeldOut(Sequence sequence, double[] naiveSse, long[] terms) {}

  private final FeatureSpec spec;
  private final FeatureSettings settings;
  private final int[] horizons;
  private final int k;
  private final int d;
  private final int burnIn;
  private final int stride;
  private final int maxHorizon;
  private final int firstScored;
  private final long cutTime;
  private final Reservoir<Sequence> train;
  private final Reservoir<HeldOut> validation;

  private final SymbolFeatures features = new SymbolFeatures();
  private final float[] full = new float[Feature.COUNT];
  private final float[] selected;

  /** The last {@code capacity} steps, step s at slot s % capacity. */
  private final int capacity;
  private final float[] inputs;
  private final float[] targets;
  private final float[] naive;
  private final double[] prices;
  private final double[] means;
  private final double[] stds;

  private long ticks;
  private long firstTime;
  private long lastTime;
  private double lastPrice;
  /** Steps computed so far (ticks - 1). */
  private int steps;
  /** The first held-out step, or -1 while unknown. */
  private int split;
  private boolean heldOutSide;
  /** The first scored step of the next window of the current side. */
  private int next;
  private boolean done;

  /**
   * @param split the first held-out step when known up front, else -1
   * @param cutTime with {@code split} -1, the first held-out step is the first whose tick is at or
   *     after this time (Long.MAX_VALUE: none, all training)
   */
  SequenceCutter(FeatureSpec spec, FeatureSettings settings, Horizons horizons, TrainingData.Shape shape, int split,
      long cutTime, Reservoir<Sequence> train, Reservoir<HeldOut> validation) {
    this.spec = spec;
    this.settings = settings;
    this.horizons = horizons.toArray();
    this.k = this.horizons.length;
    this.d = spec.size();
    this.burnIn = shape.burnIn();
    this.stride = shape.sequenceLength() - shape.burnIn();
    this.maxHorizon = Math.max(1, horizons.max());
    this.firstScored = settings.warmupTicks() - 1;
    this.split = split;
    this.cutTime = cutTime;
    this.train = train;
    this.validation = validation;
    this.selected = new float[d];
    this.capacity = shape.sequenceLength() + maxHorizon + 1;
    this.inputs = new float[capacity * d];
    this.targets = new float[capacity * k];
    this.naive = new float[capacity * k];
    this.prices = new double[capacity];
    this.means = new double[capacity];
    this.stds = new double[capacity];
    this.next = Math.max(firstScored, burnIn);
  }

  /** Adds the next tick; returns false (and drops it) when it is before the last kept tick, as the stream drops it. */
  boolean add(long time, double price, double volume) {
    if (done) {
      throw new IllegalStateException("finished");
    }
    if (ticks > 0 && time < lastTime) {
      return false;
    }
    if (ticks++ == 0) {
      firstTime = time;
      lastTime = time;
      lastPrice = price;
      return true;
    }
    int s = steps;
    int slot = s % capacity;
    features.next(Math.log(price / lastPrice), time - lastTime, volume, settings, full, 0);
    if (s > 0) {
      targets[((s - 1) % capacity) * k] = (float) features.lastReturnZ();
    }
    spec.select(full, 0, selected);
    System.arraycopy(selected, 0, inputs, slot * d, d);
    java.util.Arrays.fill(targets, slot * k, slot * k + k, Float.NaN);
    double mean = features.returnMean();
    double std = features.returnStd();
    naive[slot * k] = (float) features.returnToZ(0.0, settings);
    for (int j = 1; j < k; j++) {
      int h = horizons[j];
      naive[slot * k + j] = (float) HorizonScaling.toZ(0.0, h, mean, std, settings.clip());
      int q = s - h; // the step whose horizon-h target this tick completes
      if (q >= 0) {
        int qs = q % capacity;
        targets[qs * k + j] = (float) HorizonScaling.toZ(Math.log(price / prices[qs]), h, means[qs], stds[qs],
            settings.clip());
      }
    }
    prices[slot] = price;
    means[slot] = mean;
    stds[slot] = std;
    lastTime = time;
    lastPrice = price;
    steps++;
    if (split < 0 && time >= cutTime) {
      split = s;
    }
    offerReady(false);
    return true;
  }

  /** Offers the windows left, the last step having no target; no tick may be added after. */
  void finish() {
    if (!done) {
      offerReady(true);
      done = true;
    }
  }

  /** Ticks kept so far. */
  long ticks() {
    return ticks;
  }

  long firstTime() {
    return firstTime;
  }

  long lastTime() {
    return lastTime;
  }

  /** Steps past warm-up that have a horizon-1 target, the last step having none. */
  int scorableSteps() {
    return Math.max(steps - 1 - firstScored, 0);
  }

  /** Steps held in memory: at most {@code sequenceLength + max horizon + 1}, whatever the ticks added. */
  int retainedSteps() {
    return Math.min(steps, capacity);
  }

  private void offerReady(boolean finished) {
    int end = steps - 1; // the last step has no horizon-1 target: scored steps end before it (known when finished)
    while (true) {
      if (!heldOutSide) {
        int to = split >= 0 ? split : finished ? end : Integer.MAX_VALUE;
        if (next >= to) {
          if (split < 0) {
            return; // finished without a held-out step: all training
          }
          heldOutSide = true;
          next = Math.max(split, Math.max(firstScored, burnIn));
          continue;
        }
        int scoredEnd = Math.min(next + stride, Math.min(to, finished ? end : Integer.MAX_VALUE));
        if (!finished && steps - 1 < scoredEnd - 1 + maxHorizon) {
          return;
        }
        int lastTick = split >= 0 ? split + 1 : Integer.MAX_VALUE;
        int start = next - burnIn;
        int length = scoredEnd - start;
        train.offer(() -> new Sequence(inputRows(start, length), targetRows(start, length, lastTick)));
        next = scoredEnd;
      } else {
        int to = finished ? end : Integer.MAX_VALUE;
        if (next >= to) {
          return;
        }
        int scoredEnd = Math.min(next + stride, to);
        if (!finished && steps - 1 < scoredEnd - 1 + maxHorizon) {
          return;
        }
        int start = next - burnIn;
        int length = scoredEnd - start;
        validation.offer(() -> heldOut(start, length));
        next = scoredEnd;
      }
    }
  }

  private HeldOut heldOut(int start, int length) {
    float[][] rows = targetRows(start, length, Integer.MAX_VALUE);
    double[] sse = new double[k];
    long[] terms = new long[k];
    for (int j = burnIn; j < length; j++) {
      int slot = (start + j) % capacity;
      for (int o = 0; o < k; o++) {
        float target = rows[j][o];
        if (!Float.isNaN(target)) {
          double e = (double) naive[slot * k + o] - target;
          sse[o] += e * e;
          terms[o]++;
        }
      }
    }
    return new HeldOut(new Sequence(inputRows(start, length), rows), sse, terms);
  }

  private float[][] inputRows(int from, int length) {
    float[][] rows = new float[length][];
    for (int j = 0; j < length; j++) {
      int slot = (from + j) % capacity;
      rows[j] = java.util.Arrays.copyOfRange(inputs, slot * d, slot * d + d);
    }
    return rows;
  }

  /** The targets of steps [from, from + length), NaN where one reads a tick after {@code lastTick}. */
  private float[][] targetRows(int from, int length, int lastTick) {
    float[][] rows = new float[length][k];
    for (int j = 0; j < length; j++) {
      int step = from + j;
      int slot = step % capacity;
      for (int o = 0; o < k; o++) {
        rows[j][o] = (long) step + 1 + horizons[o] <= lastTick ? targets[slot * k + o] : Float.NaN;
      }
    }
    return rows;
  }
}

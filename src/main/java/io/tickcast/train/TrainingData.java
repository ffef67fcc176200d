package io.tickcast.train;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training and validation sequences built from the histories of all symbols, pooled.
 *
 * <p>Per symbol, the scorable steps (past warm-up, with a target) are split in time: the most recent
 * {@code validationFraction} of them is held out. Each side is cut into windows of {@code
 * sequenceLength} steps whose first {@code burnIn} steps only warm the state (the trainer scores
 * steps from {@code burnIn} on), stepping by {@code sequenceLength - burnIn}, so every scorable step
 * is scored exactly once. A window's burn-in may reach back before its side's first scored step (a
 * validation window's burn-in reads training-side inputs, never targets), as the stream's state
 * would have seen those ticks too.
 *
 * <p>Each step has a target per horizon ({@link FeatureSteps}); the windows are cut by the
 * horizon-1 targets, and a longer horizon's target is missing (NaN, left out of loss and scores)
 * where its ticks run past the history's end or, on the training side, past the last tick the
 * training side's horizon-1 targets read, so that no training target reads the held-out prices.
 *
 * <p>The naive forecast's MSE is taken on exactly the validation terms the model is scored on, per
 * horizon, so the challenger, the champion and naive are compared on the same held-out slice in the
 * same units (return z-scores).
 *
 * @param train training sequences; when there are more than {@code maxSequences}, a uniform sample of
 *     them across symbols and time (a seeded reservoir), in the order they were cut
 * @param validation held-out sequences, never capped
 * @param naiveValidationMse MSE of the zero-return forecast on the horizon-1 validation terms; NaN if none
 * @param validationTerms number of scored validation steps (horizon-1 terms)
 * @param horizons the horizons of the sequences' targets, in target order
 * @param naiveValidationMseByHorizon per horizon, MSE of the zero cumulative return forecast on that
 *     horizon's validation terms (NaN for a horizon without any); element 0 is {@code naiveValidationMse}
 * @param validationTermsByHorizon per horizon, the number of its validation terms
 * @param dataFrom event time of the earliest tick used; dataTo of the latest (validation included)
 * @param symbols number of symbols that contributed steps
 * @param droppedSequences training windows left out by the cap
 */
public record TrainingData(List<Sequence> train, List<Sequence> validation, double naiveValidationMse,
    long validationTerms, long dataFrom, long dataTo, int symbols, int droppedSequences, Horizons horizons,
    List<Double> naiveValidationMseByHorizon, List<Long> validationTermsByHorizon) {

  public TrainingData {
    naiveValidationMseByHorizon = List.copyOf(naiveValidationMseByHorizon);
    validationTermsByHorizon = List.copyOf(validationTermsByHorizon);
  }

  /**
   * How the sequences are cut.
   *
   * @param sampleSeed seed of the uniform sample kept when there are more than {@code maxSequences}
   */
  public record Shape(int sequenceLength, int burnIn, double validationFraction, int maxSequences, long sampleSeed) {
    /** With the default seed of {@code train.seed}, 7. */
    public Shape(int sequenceLength, int burnIn, double validationFraction, int maxSequences) {
      this(sequenceLength, burnIn, validationFraction, maxSequences, 7L);
    }

    public Shape {
      if (sequenceLength < 2 || burnIn < 0 || burnIn >= sequenceLength) {
        throw new IllegalArgumentException("need 0 <= burn-in < sequence length, sequence length >= 2; got "
            + burnIn + " and " + sequenceLength);
      }
      if (!(validationFraction > 0 && validationFraction < 1)) {
        throw new IllegalArgumentException("validation fraction must be in (0, 1): " + validationFraction);
      }
      if (maxSequences < 1) {
        throw new IllegalArgumentException("max sequences must be >= 1");
      }
    }
  }

  /**
   * A window of one symbol's steps: [start, start + length), scored from start + burnIn, whose targets
   * read no tick after {@code lastTick}.
   */
  private record Window(FeatureSteps steps, int start, int length, int lastTick) {}

  /** Training data with horizon-1 targets only. */
  public static TrainingData build(List<SymbolHistory> histories, FeatureSpec spec, FeatureSettings settings, Shape shape) {
    return build(histories, spec, settings, Horizons.NEXT_TICK, shape);
  }

  /** Training data with a target per horizon. */
  public static TrainingData build(List<SymbolHistory> histories, FeatureSpec spec, FeatureSettings settings,
      Horizons horizons, Shape shape) {
    Reservoir train = new Reservoir(shape.maxSequences(), shape.sampleSeed());
    List<Window> validation = new ArrayList<>();
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    int symbols = 0;
    for (SymbolHistory h : histories) {
      FeatureSteps steps = FeatureSteps.compute(h, spec, settings, horizons);
      int scorable = steps.scorableSteps();
      if (scorable < 2) {
        continue;
      }
      int end = steps.size() - 1; // the last step has no target
      int held = Math.max(1, (int) Math.round(scorable * shape.validationFraction()));
      int split = end - held;
      List<Window> cutTrain = new ArrayList<>();
      // the training side's last horizon-1 target (step split - 1) reads tick split + 1
      cut(steps, steps.firstScored(), split, split + 1, shape, cutTrain);
      cutTrain.forEach(train::offer);
      cut(steps, split, end, steps.size(), shape, validation);
      from = Math.min(from, h.firstTime());
      to = Math.max(to, h.lastTime());
      symbols++;
    }
    int dropped = (int) Math.min(Integer.MAX_VALUE, train.seen - train.kept.size());
    int k = horizons.count();
    double[] naiveSse = new double[k];
    long[] terms = new long[k];
    for (Window w : validation) {
      for (int j = shape.burnIn(); j < w.length(); j++) {
        int step = w.start() + j;
        for (int o = 0; o < k; o++) {
          float target = w.steps().target(step, o);
          if (!Float.isNaN(target)) {
            double e = (double) w.steps().naive(step, o) - target;
            naiveSse[o] += e * e;
            terms[o]++;
          }
        }
      }
    }
    List<Double> naiveMse = new ArrayList<>(k);
    List<Long> termCounts = new ArrayList<>(k);
    for (int o = 0; o < k; o++) {
      naiveMse.add(terms[o] == 0 ? Double.NaN : naiveSse[o] / terms[o]);
      termCounts.add(terms[o]);
    }
    return new TrainingData(sequences(train.inOrder()), sequences(validation), naiveMse.get(0), terms[0],
        symbols == 0 ? 0 : from, symbols == 0 ? 0 : to, symbols, dropped, horizons, naiveMse, termCounts);
  }

  /**
   * A uniform sample of at most {@code capacity} of the windows offered (Vitter's algorithm R): every
   * window is kept with the same probability whatever its symbol or time, in memory of the sample
   * only; seeded, so the same data gives the same sample.
   */
  private static final class Reservoir {
    private final int capacity;
    private final SplittableRandom random;
    private final List<Window> kept = new ArrayList<>();
    private final List<Long> order = new ArrayList<>();
    private long seen;

    Reservoir(int capacity, long seed) {
      this.capacity = capacity;
      this.random = new SplittableRandom(seed);
    }

    void offer(Window w) {
      long n = seen++;
      if (kept.size() < capacity) {
        kept.add(w);
        order.add(n);
      } else {
        long j = random.nextLong(n + 1);
        if (j < capacity) {
          kept.set((int) j, w);
          order.set((int) j, n);
        }
      }
    }

    /** The kept windows in the order they were offered. */
    List<Window> inOrder() {
      Integer[] idx = new Integer[kept.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
      java.util.Arrays.sort(idx, (a, b) -> Long.compare(order.get(a), order.get(b)));
      List<Window> out = new ArrayList<>(idx.length);
      for (Integer i : idx) {
        out.add(kept.get(i));
      }
      return out;
    }
  }

  /**
   * Windows whose scored steps tile [from, to): each scores sequenceLength - burnIn steps, the last
   * fewer; their targets read no tick after {@code lastTick}.
   */
  private static void cut(FeatureSteps steps, int from, int to, int lastTick, Shape shape, List<Window> out) {
    int stride = shape.sequenceLength() - shape.burnIn();
    for (int scored = Math.max(from, shape.burnIn()); scored < to; scored += stride) {
      int scoredEnd = Math.min(scored + stride, to);
      int start = scored - shape.burnIn();
      out.add(new Window(steps, start, scoredEnd - start, lastTick));
    }
  }

  private static List<Sequence> sequences(List<Window> windows) {
    List<Sequence> out = new ArrayList<>(windows.size());
    for (Window w : windows) {
      out.add(new Sequence(w.steps().inputRows(w.start(), w.length()),
          w.steps().targetRows(w.start(), w.length(), w.lastTick())));
    }
    return out;
  }

  /** Number of scored training steps. */
  public long trainingTerms(int burnIn) {
    long n = 0;
    for (Sequence s : train) {
      n += Math.max(s.length() - burnIn, 0);
    }
    return n;
  }
}

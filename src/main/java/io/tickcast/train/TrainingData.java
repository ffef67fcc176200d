package io.tickcast.train;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
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
 * <p>The naive forecast's MSE is taken on exactly the validation terms the model is scored on, so
 * the challenger, the champion and naive are compared on the same held-out slice in the same units
 * (return z-scores).
 *
 * @param train training sequences; when there are more than {@code maxSequences}, a uniform sample of
 *     them across symbols and time (a seeded reservoir), in the order they were cut
 * @param validation held-out sequences, never capped
 * @param naiveValidationMse MSE of the zero-return forecast on the validation terms; NaN if none
 * @param validationTerms number of scored validation steps
 * @param dataFrom event time of the earliest tick used; dataTo of the latest (validation included)
 * @param symbols number of symbols that contributed steps
 * @param droppedSequences training windows left out by the cap
 */
public record TrainingData(List<Sequence> train, List<Sequence> validation, double naiveValidationMse,
    long validationTerms, long dataFrom, long dataTo, int symbols, int droppedSequences) {

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

  /** A window of one symbol's steps: [start, start + length), scored from start + burnIn. */
  private record Window(FeatureSteps steps, int start, int length, long endTime) {}

  public static TrainingData build(List<SymbolHistory> histories, FeatureSpec spec, FeatureSettings settings, Shape shape) {
    Reservoir train = new Reservoir(shape.maxSequences(), shape.sampleSeed());
    List<Window> validation = new ArrayList<>();
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    int symbols = 0;
    for (SymbolHistory h : histories) {
      FeatureSteps steps = FeatureSteps.compute(h, spec, settings);
      int scorable = steps.scorableSteps();
      if (scorable < 2) {
        continue;
      }
      int end = steps.size() - 1; // the last step has no target
      int held = Math.max(1, (int) Math.round(scorable * shape.validationFraction()));
      int split = end - held;
      List<Window> cutTrain = new ArrayList<>();
      cut(steps, steps.firstScored(), split, shape, cutTrain);
      cutTrain.forEach(train::offer);
      cut(steps, split, end, shape, validation);
      from = Math.min(from, h.firstTime());
      to = Math.max(to, h.lastTime());
      symbols++;
    }
    int dropped = (int) Math.min(Integer.MAX_VALUE, train.seen - train.kept.size());
    double naiveSse = 0;
    long terms = 0;
    for (Window w : validation) {
      for (int k = shape.burnIn(); k < w.length(); k++) {
        double e = (double) w.steps().naive(w.start() + k) - w.steps().target(w.start() + k);
        naiveSse += e * e;
        terms++;
      }
    }
    return new TrainingData(sequences(train.inOrder()), sequences(validation), terms == 0 ? Double.NaN : naiveSse / terms,
        terms, symbols == 0 ? 0 : from, symbols == 0 ? 0 : to, symbols, dropped);
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

  /** Windows whose scored steps tile [from, to): each scores sequenceLength - burnIn steps, the last fewer. */
  private static void cut(FeatureSteps steps, int from, int to, Shape shape, List<Window> out) {
    int stride = shape.sequenceLength() - shape.burnIn();
    for (int scored = Math.max(from, shape.burnIn()); scored < to; scored += stride) {
      int scoredEnd = Math.min(scored + stride, to);
      int start = scored - shape.burnIn();
      out.add(new Window(steps, start, scoredEnd - start, steps.time(scoredEnd - 1)));
    }
  }

  private static List<Sequence> sequences(List<Window> windows) {
    List<Sequence> out = new ArrayList<>(windows.size());
    for (Window w : windows) {
      out.add(new Sequence(w.steps().inputRows(w.start(), w.length()), w.steps().targetSlice(w.start(), w.length())));
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

package io.tickcast.train;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.Sequence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link TrainingData} from ticks streamed symbol by symbol, in memory bounded by the caps
 * and the number of symbols, not by the ticks: each symbol's ticks go through a {@link
 * SequenceCutter} (which holds its last {@code sequenceLength + max horizon + 1} steps), and its
 * windows are offered to two seeded reservoirs, one of at most {@code maxSequences} training windows
 * and one of at most {@link #heldOutCap} held-out windows.
 *
 * <p>Two ways to split a symbol's steps:
 * <ul>
 *   <li>{@link #addHistory}: a whole history whose length is known; its most recent {@code
 *       validationFraction} of scorable steps is held out (what {@link TrainingData#build} does).
 *   <li>{@link #tick} after {@link #holdOutFrom}: ticks streamed in time order per symbol; every
 *       symbol's steps whose ticks are at or after the cut time are held out. The trainer chooses
 *       the cut from the time span it reads, so that about {@code validationFraction} of the span
 *       is held out; a symbol's held-out steps are still its most recent ones.
 * </ul>
 * Not thread-safe; {@link #build} ends it.
 */
final class TrainingSampler {
  private final FeatureSpec spec;
  private final FeatureSettings settings;
  private final Horizons horizons;
  private final TrainingData.Shape shape;
  private final Reservoir<Sequence> train;
  private final Reservoir<SequenceCutter.HeldOut> validation;
  private final Map<String, SequenceCutter> streaming = new HashMap<>();
  private long cutTime = Long.MAX_VALUE;
  private long from = Long.MAX_VALUE;
  private long to = Long.MIN_VALUE;
  private int symbols;
  private boolean built;

  TrainingSampler(FeatureSpec spec, FeatureSettings settings, Horizons horizons, TrainingData.Shape shape) {
    this.spec = spec;
    this.settings = settings;
    this.horizons = horizons;
    this.shape = shape;
    this.train = new Reservoir<>(shape.maxSequences(), shape.sampleSeed());
    this.validation = new Reservoir<>(heldOutCap(shape), Long.rotateLeft(shape.sampleSeed(), 32) ^ 0x9E3779B97F4A7C15L);
  }

  /**
   * The cap on held-out windows: {@code maxSequences · fraction / (1 − fraction)} rounded up, so a
   * capped run holds out the configured share of the windows it keeps.
   */
  static int heldOutCap(TrainingData.Shape shape) {
    double f = shape.validationFraction();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(shape.maxSequences() * f / (1 - f))));
  }

  /**
   * Holds out, of every symbol streamed with {@link #tick}, the steps whose ticks are at or after
   * {@code time}; before the first tick only. Without it, streamed ticks are all training.
   */
  void holdOutFrom(long time) {
    if (!streaming.isEmpty()) {
      throw new IllegalStateException("the cut is set before the first tick");
    }
    cutTime = time;
  }

  /** Adds a whole history, its most recent {@code validationFraction} of scorable steps held out. */
  void addHistory(SymbolHistory h) {
    checkOpen();
    int size = h.size();
    int steps = Math.max(size - 1, 0);
    int scorable = Math.max(steps - 1 - (settings.warmupTicks() - 1), 0);
    if (scorable < 2) {
      return;
    }
    int held = Math.max(1, (int) Math.round(scorable * shape.validationFraction()));
    SequenceCutter cutter = new SequenceCutter(spec, settings, horizons, shape, steps - 1 - held, Long.MAX_VALUE,
        train, validation);
    for (int i = 0; i < size; i++) {
      cutter.add(h.times()[i], h.prices()[i], h.volumes()[i]);
    }
    finish(cutter);
  }

  /**
   * Adds a symbol's next tick, ticks of one symbol in time order (a tick before the symbol's last
   * kept tick is dropped, as the stream drops it).
   */
  void tick(String symbol, long time, double price, double volume) {
    checkOpen();
    streaming.computeIfAbsent(symbol,
        s -> new SequenceCutter(spec, settings, horizons, shape, -1, cutTime, train, validation)).add(time, price, volume);
  }

  /** Event time of the newest tick streamed so far, or Long.MIN_VALUE. */
  long newestTime() {
    return streaming.values().stream().filter(c -> c.ticks() > 0).mapToLong(SequenceCutter::lastTime).max()
        .orElse(Long.MIN_VALUE);
  }

  /** Steps the streamed symbols hold, whatever the ticks streamed (the samples aside). */
  long retainedSteps() {
    return streaming.values().stream().mapToLong(SequenceCutter::retainedSteps).sum();
  }

  /** Finishes every streamed symbol (in name order: their last windows are offered then) and returns the sampled training data. */
  TrainingData build() {
    checkOpen();
    built = true;
    new java.util.TreeMap<>(streaming).values().forEach(this::finish);
    int k = horizons.count();
    double[] naiveSse = new double[k];
    long[] terms = new long[k];
    List<Sequence> held = new ArrayList<>();
    for (SequenceCutter.HeldOut w : validation.inOrder()) {
      held.add(w.sequence());
      for (int o = 0; o < k; o++) {
        naiveSse[o] += w.naiveSse()[o];
        terms[o] += w.terms()[o];
      }
    }
    List<Double> naiveMse = new ArrayList<>(k);
    List<Long> termCounts = new ArrayList<>(k);
    for (int o = 0; o < k; o++) {
      naiveMse.add(terms[o] == 0 ? Double.NaN : naiveSse[o] / terms[o]);
      termCounts.add(terms[o]);
    }
    int dropped = (int) Math.min(Integer.MAX_VALUE, train.dropped());
    int droppedHeldOut = (int) Math.min(Integer.MAX_VALUE, validation.dropped());
    return new TrainingData(train.inOrder(), held, naiveMse.get(0), terms[0], symbols == 0 ? 0 : from,
        symbols == 0 ? 0 : to, symbols, dropped, horizons, naiveMse, termCounts, droppedHeldOut);
  }

  private void finish(SequenceCutter cutter) {
    cutter.finish();
    if (cutter.scorableSteps() >= 2) {
      from = Math.min(from, cutter.firstTime());
      to = Math.max(to, cutter.lastTime());
      symbols++;
    }
  }

  private void checkOpen() {
    if (built) {
      throw new IllegalStateException("already built");
    }
  }
}

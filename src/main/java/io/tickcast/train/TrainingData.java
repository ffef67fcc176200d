package io.tickcast.train;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.Sequence;
import java.util.List;

/**
 * Training and validation sequences built from the histories of all symbols, pooled.
 *
 * <p>Per symbol, the scorable steps (past warm-up, with a target) are split in time: the most recent
 * {@code validationFraction} of them is held out (from whole histories, {@link #build}; the streaming
 * trainer holds out every symbol's steps at or after one cut time, see {@link TrainingSampler}). Each side is cut into windows of {@code
 * sequenceLength} steps whose first {@code burnIn} steps only warm the state (the trainer scores
 * steps from {@code burnIn} on), stepping by {@code sequenceLength - burnIn}, so every scorable step
 * is scored exactly once. A window's burn-in may reach back before its side's first scored step (a
 * validation window's burn-in reads training-side inputs, never targets), as the stream's state
 * would have seen those ticks too.
 *
 * <p>Each step has a target per horizon ({@link SequenceCutter}); the windows are cut by the
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
 * @param validation held-out sequences; when there are more than {@link TrainingSampler#heldOutCap}
 *     ({@code maxSequences · validationFraction / (1 − validationFraction)}), a uniform sample of
 *     them (a second seeded reservoir), in the order they were cut; the naive figures are taken on
 *     the sample
 * @param naiveValidationMse MSE of the zero-return forecast on the horizon-1 validation terms; NaN if none
 * @param validationTerms number of scored validation steps (horizon-1 terms)
 * @param horizons the horizons of the sequences' targets, in target order
 * @param naiveValidationMseByHorizon per horizon, MSE of the zero cumulative return forecast on that
 *     horizon's validation terms (NaN for a horizon without any); element 0 is {@code naiveValidationMse}
 * @param validationTermsByHorizon per horizon, the number of its validation terms
 * @param dataFrom event time of the earliest tick used; dataTo of the latest (validation included)
 * @param symbols number of symbols that contributed steps
 * @param droppedSequences training windows left out by the cap
 * @param droppedValidation held-out windows left out by their cap
 */
public record TrainingData(List<Sequence> train, List<Sequence> validation, double naiveValidationMse,
    long validationTerms, long dataFrom, long dataTo, int symbols, int droppedSequences, Horizons horizons,
    List<Double> naiveValidationMseByHorizon, List<Long> validationTermsByHorizon, int droppedValidation) {

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

  /** Training data with horizon-1 targets only. */
  public static TrainingData build(List<SymbolHistory> histories, FeatureSpec spec, FeatureSettings settings, Shape shape) {
    return build(histories, spec, settings, Horizons.NEXT_TICK, shape);
  }

  /**
   * Training data with a target per horizon, from whole histories: each symbol's most recent
   * {@code validationFraction} of scorable steps is held out. Histories are cut one after the other
   * (a {@link TrainingSampler}), so only the sampled sequences are built.
   */
  public static TrainingData build(List<SymbolHistory> histories, FeatureSpec spec, FeatureSettings settings,
      Horizons horizons, Shape shape) {
    TrainingSampler sampler = new TrainingSampler(spec, settings, horizons, shape);
    histories.forEach(sampler::addHistory);
    return sampler.build();
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

package io.tickcast.train;

import io.tickcast.features.FeatureSpec;
import io.tickcast.lstm.LstmModel;

/**
 * The outcome of training a challenger: its weights and the three validation figures on the same
 * held-out slice, in return z-score units.
 *
 * @param championMse NaN when there is no released champion (first release)
 * @param epochs epochs run before early stopping
 * @param releasable the challenger beat naive and, when there is one, the champion
 * @param verdict why it is or is not releasable, for the log
 */
public record Candidate(LstmModel model, FeatureSpec features, int parentVersion, double validationMse,
    double championMse, double naiveMse, int epochs, double trainLoss, boolean releasable, String verdict) {

  /** Whether the challenger beats naive and the champion (when there is one) on the held-out slice. */
  static boolean beats(double challenger, double champion, double naive) {
    return Double.isFinite(challenger) && challenger < naive && (Double.isNaN(champion) || challenger < champion);
  }
}

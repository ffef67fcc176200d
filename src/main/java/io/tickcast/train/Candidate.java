package io.tickcast.train;

import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.LstmModel;
import java.util.List;

/**
 * The outcome of training a challenger: its weights and the validation figures of the challenger,
 * the champion and naive on the same held-out slice, in return z-score units, for horizon 1 and per
 * horizon.
 *
 * @param validationMse the challenger's horizon-1 MSE
 * @param championMse the champion's horizon-1 MSE; NaN when there is no released champion (first release)
 * @param naiveMse naive's horizon-1 MSE
 * @param epochs epochs run before early stopping
 * @param releasable the challenger beat naive on every horizon and, when there is one, the champion
 *     on the horizons they share ({@link ChallengerTraining})
 * @param verdict why it is or is not releasable, for the log
 * @param horizons the challenger's horizons, in output order
 * @param validationMseByHorizon the challenger's MSE per horizon
 * @param championMseByHorizon the champion's MSE per horizon; NaN for a horizon it does not forecast
 *     and for all without a released champion
 * @param naiveMseByHorizon naive's MSE per horizon
 */
public record Candidate(LstmModel model, FeatureSpec features, int parentVersion, double validationMse,
    double championMse, double naiveMse, int epochs, double trainLoss, boolean releasable, String verdict,
    Horizons horizons, List<Double> validationMseByHorizon, List<Double> championMseByHorizon,
    List<Double> naiveMseByHorizon) {

  public Candidate {
    validationMseByHorizon = List.copyOf(validationMseByHorizon);
    championMseByHorizon = List.copyOf(championMseByHorizon);
    naiveMseByHorizon = List.copyOf(naiveMseByHorizon);
  }
}

package io.tickcast.train;

import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.LstmTrainer;
import io.tickcast.lstm.TrainingConfig;
import io.tickcast.lstm.TrainingResult;
import java.util.List;
import java.util.Locale;

/**
 * Champion/challenger training on pooled histories, without Kafka: shared by the trainer and the
 * backtest, so both train and judge a model the same way.
 *
 * <p>The challenger starts from the champion's weights (warm start) or, with no released champion,
 * from a fresh initialisation; it is trained with truncated BPTT and Adam, early-stopped on the
 * validation MSE, and judged on the same held-out slice as the champion and the naive forecast.
 */
public final class ChallengerTraining {
  private final LstmTrainer trainer = new LstmTrainer();

  /** The features to train on: the champion's when warm-starting (its weights take those inputs), else the configured ones. */
  public static FeatureSpec featuresFor(ForecastModel champion, TrainerSettings settings) {
    return isReleased(champion) ? champion.features() : settings.features();
  }

  /** Builds the pooled training data for a champion. */
  public static TrainingData data(List<SymbolHistory> histories, ForecastModel champion, TrainerSettings settings) {
    return TrainingData.build(histories, featuresFor(champion, settings), settings.featureSettings(), settings.shape());
  }

  /**
   * Trains a challenger.
   *
   * @param champion the model in use; null or the built-in default (version 0) means none was released
   */
  public Candidate train(TrainingData data, ForecastModel champion, TrainerSettings settings) {
    if (data.train().isEmpty() || data.validation().isEmpty()) {
      return new Candidate(null, featuresFor(champion, settings), parentVersion(champion), Double.NaN, Double.NaN,
          data.naiveValidationMse(), 0, Double.NaN, false,
          "not enough history: " + data.train().size() + " training and " + data.validation().size()
              + " validation sequences");
    }
    TrainingConfig cfg = settings.training();
    boolean warm = isReleased(champion);
    LstmModel start = warm ? champion.lstm() : null;
    double championMse = warm
        ? LstmTrainer.meanSquaredError(champion.lstm(), data.validation(), cfg.lossMode(), cfg.burnIn())
        : Double.NaN;
    TrainingResult result = trainer.train(start, data.train(), data.validation(), cfg);
    double mse = result.validationLoss();
    boolean ok = Candidate.beats(mse, championMse, data.naiveValidationMse());
    String verdict = String.format(Locale.ROOT, "challenger %.6f vs %s, naive %.6f: %s", mse,
        warm ? String.format(Locale.ROOT, "champion v%d %.6f", champion.version(), championMse) : "no champion",
        data.naiveValidationMse(), ok ? "release" : "keep the current model");
    return new Candidate(result.model(), featuresFor(champion, settings), parentVersion(champion), mse, championMse,
        data.naiveValidationMse(), result.epochs(), result.trainLoss(), ok, verdict);
  }

  static boolean isReleased(ForecastModel m) {
    return m != null && m.version() > 0;
  }

  private static int parentVersion(ForecastModel champion) {
    return isReleased(champion) ? champion.version() : 0;
  }
}

package io.tickcast.train;

import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.LstmTrainer;
import io.tickcast.lstm.TrainingConfig;
import io.tickcast.lstm.TrainingResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Champion/challenger training on pooled histories, without Kafka: shared by the trainer and the
 * backtest, so both train and judge a model the same way.
 *
 * <p>The challenger forecasts the configured horizons ({@link TrainerSettings#horizons()}), one
 * output each, trained jointly. It starts from the champion's weights (warm start) or, with no
 * released champion, from a fresh initialisation. A champion of other horizons still gives its cell
 * and the head rows of the horizons both forecast; the challenger's other outputs start at 0. It is
 * trained with truncated BPTT and Adam, early-stopped on the validation MSE pooled over all
 * horizons, and judged on the same held-out slice as the champion and the naive forecast.
 *
 * <p>The release rule: the challenger's MSE is finite and below naive's on every horizon, and below
 * the champion's (when one was released) on the horizons both forecast, pooled over their terms.
 * When the champion forecasts the same horizons that is the pooled figure of all horizons (for one
 * horizon, today's rule); a champion of other horizons is judged on the shared ones only, horizon 1
 * at least, as it cannot be scored on a horizon it does not forecast.
 */
public final class ChallengerTraining {
  private final LstmTrainer trainer = new LstmTrainer();

  /** The features to train on: the champion's when warm-starting (its weights take those inputs), else the configured ones. */
  public static FeatureSpec featuresFor(ForecastModel champion, TrainerSettings settings) {
    return isReleased(champion) ? champion.features() : settings.features();
  }

  /** Builds the pooled training data for a champion, with a target per configured horizon. */
  public static TrainingData data(List<SymbolHistory> histories, ForecastModel champion, TrainerSettings settings) {
    return TrainingData.build(histories, featuresFor(champion, settings), settings.featureSettings(),
        settings.horizons(), settings.shape());
  }

  /**
   * Trains a challenger.
   *
   * @param data built by {@link #data} for the same champion and settings
   * @param champion the model in use; null or the built-in default (version 0) means none was released
   */
  public Candidate train(TrainingData data, ForecastModel champion, TrainerSettings settings) {
    Horizons horizons = data.horizons();
    int k = horizons.count();
    List<Double> naive = data.naiveValidationMseByHorizon();
    List<Double> none = Collections.nCopies(k, Double.NaN);
    if (data.train().isEmpty() || data.validation().isEmpty()) {
      return new Candidate(null, featuresFor(champion, settings), parentVersion(champion), Double.NaN, Double.NaN,
          data.naiveValidationMse(), 0, Double.NaN, false,
          "not enough history: " + data.train().size() + " training and " + data.validation().size()
              + " validation sequences", horizons, none, none, naive);
    }
    TrainingConfig cfg = settings.training();
    boolean warm = isReleased(champion);
    int[] championRows = warm ? rowsOf(champion.horizons(), horizons) : null;
    LstmModel start = warm ? champion.lstm().withOutputs(championRows) : null;
    List<Double> championMse = none;
    if (warm) {
      double[] byOutput = LstmTrainer.meanSquaredErrorByOutput(start, data.validation(), cfg.lossMode(), cfg.burnIn());
      championMse = new ArrayList<>(k);
      for (int j = 0; j < k; j++) {
        championMse.add(championRows[j] >= 0 ? byOutput[j] : Double.NaN);
      }
    }
    TrainingResult result = trainer.train(start, data.train(), data.validation(), cfg);
    List<Double> mse = boxed(LstmTrainer.meanSquaredErrorByOutput(result.model(), data.validation(), cfg.lossMode(),
        cfg.burnIn()));
    List<Long> terms = data.validationTermsByHorizon();
    boolean beatsNaive = beatsNaive(mse, naive);
    boolean beatsChampion = !warm || beatsChampion(mse, championMse, terms);
    String championPart = warm
        ? String.format(Locale.ROOT, "champion v%d (horizons %s) %.6f vs %.6f on horizons %s", champion.version(),
            champion.horizons(), pooled(championMse, terms, championMse), pooled(mse, terms, championMse),
            shared(horizons, championMse))
        : "no champion";
    boolean ok = beatsNaive && beatsChampion;
    String verdict = String.format(Locale.ROOT, "challenger %s vs naive %s%s; %s: %s", figures(horizons, mse),
        figures(horizons, naive), beatsNaive ? "" : " (not below naive on every horizon)", championPart,
        ok ? "release" : "keep the current model");
    return new Candidate(result.model(), featuresFor(champion, settings), parentVersion(champion), mse.get(0),
        championMse.get(0), data.naiveValidationMse(), result.epochs(), result.trainLoss(), ok, verdict, horizons, mse,
        championMse, naive);
  }

  /** The first half of the release rule: finite and below naive on every horizon. */
  static boolean beatsNaive(List<Double> mse, List<Double> naive) {
    for (int j = 0; j < mse.size(); j++) {
      if (!(Double.isFinite(mse.get(j)) && mse.get(j) < naive.get(j))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The second half: below the champion on the MSE pooled over the terms of the horizons the champion
   * has a figure for (NaN where it does not forecast the horizon).
   */
  static boolean beatsChampion(List<Double> mse, List<Double> championMse, List<Long> terms) {
    return pooled(mse, terms, championMse) < pooled(championMse, terms, championMse);
  }

  /** For each of {@code to}'s horizons, its output in a model of {@code from}'s horizons, or -1. */
  static int[] rowsOf(Horizons from, Horizons to) {
    int[] rows = new int[to.count()];
    for (int j = 0; j < rows.length; j++) {
      rows[j] = from.toList().indexOf(to.get(j));
    }
    return rows;
  }

  /** {@code mse} pooled over the terms of the horizons where {@code shared} is not NaN. */
  private static double pooled(List<Double> mse, List<Long> terms, List<Double> shared) {
    double sse = 0;
    long n = 0;
    for (int j = 0; j < mse.size(); j++) {
      if (!Double.isNaN(shared.get(j)) && terms.get(j) > 0) {
        sse += mse.get(j) * terms.get(j);
        n += terms.get(j);
      }
    }
    return n == 0 ? Double.NaN : sse / n;
  }

  private static String shared(Horizons horizons, List<Double> shared) {
    List<String> out = new ArrayList<>();
    for (int j = 0; j < horizons.count(); j++) {
      if (!Double.isNaN(shared.get(j))) {
        out.add(Integer.toString(horizons.get(j)));
      }
    }
    return String.join(",", out);
  }

  private static String figures(Horizons horizons, List<Double> mse) {
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < horizons.count(); j++) {
      sb.append(j == 0 ? "" : " ").append('h').append(horizons.get(j)).append(' ')
          .append(String.format(Locale.ROOT, "%.6f", mse.get(j)));
    }
    return sb.toString();
  }

  private static List<Double> boxed(double[] v) {
    List<Double> out = new ArrayList<>(v.length);
    for (double x : v) {
      out.add(x);
    }
    return out;
  }

  static boolean isReleased(ForecastModel m) {
    return m != null && m.version() > 0;
  }

  private static int parentVersion(ForecastModel champion) {
    return isReleased(champion) ? champion.version() : 0;
  }
}

package io.tickcast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.LossMode;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.LstmTrainer;
import io.tickcast.lstm.StateDict;
import io.tickcast.lstm.TrainingConfig;
import io.tickcast.schema.ModelRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Multi-horizon challengers: joint training, the release rule per horizon, and the champion of other horizons. */
class ChallengerTrainingTest {
  private static final FeatureSettings FEATURES = new FeatureSettings(200, 30, 6.0);
  private static final Horizons THREE = Horizons.of(1, 5, 20);
  /** Persistence of the returns: the cumulative return over the next h ticks is partly predictable from the last one. */
  private static final double PHI = 0.8;

  /** Log-returns r_t = φ r_{t-1} + σ e_t, exponential gaps and log-normal volumes. */
  static SymbolHistory ar1Returns(String symbol, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] times = new long[n];
    double[] prices = new double[n];
    double[] volumes = new double[n];
    long time = 1_700_000_000_000L;
    double price = 100;
    double r = 0;
    for (int i = 0; i < n; i++) {
      r = PHI * r + 1e-4 * gaussian(random);
      price *= Math.exp(r);
      time += 1 + (long) (-500 * Math.log(random.nextDouble(1e-12, 1.0)));
      times[i] = time;
      prices[i] = price;
      volumes[i] = Math.exp(2 + 0.5 * gaussian(random));
    }
    return new SymbolHistory(symbol, times, prices, volumes);
  }

  static double gaussian(SplittableRandom r) {
    double u = r.nextDouble(Double.MIN_VALUE, 1.0);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  static TrainerSettings settings(TrainingConfig training) {
    return new TrainerSettings("m", FeatureSpec.DEFAULT, FEATURES, training,
        new TrainingData.Shape(training.sequenceLength(), training.burnIn(), 0.2, 10_000, 3), THREE);
  }

  static TrainingConfig.Builder training() {
    return TrainingConfig.builder().hiddenSize(16).numLayers(1).batchSize(32).learningRate(5e-3f).maxEpochs(20)
        .patience(4).sequenceLength(32).burnIn(8).seed(5).threads(2).forgetGateBias(1f).lossMode(LossMode.ALL_STEPS);
  }

  static List<SymbolHistory> market() {
    List<SymbolHistory> out = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      out.add(ar1Returns("S" + s, 3000, 40 + s));
    }
    return out;
  }

  @Test
  void aJointlyTrainedHeadBeatsNaiveOnEveryHorizonOfAnAr1OnReturnsSeries() {
    TrainerSettings settings = settings(training().build());
    TrainingData data = ChallengerTraining.data(market(), null, settings);
    assertThat(data.horizons()).isEqualTo(THREE);
    Candidate c = new ChallengerTraining().train(data, null, settings);
    assertThat(c.model().outputCount()).isEqualTo(3);
    assertThat(c.horizons()).isEqualTo(THREE);
    List<Double> mse = c.validationMseByHorizon();
    List<Double> naive = c.naiveMseByHorizon();
    assertThat(naive).isEqualTo(data.naiveValidationMseByHorizon());
    for (int k = 0; k < 3; k++) {
      assertThat(mse.get(k)).as("horizon %d: %s", THREE.get(k), c.verdict()).isLessThan(naive.get(k));
    }
    assertThat(c.validationMse()).isEqualTo(mse.get(0));
    assertThat(c.naiveMse()).isEqualTo(naive.get(0));
    assertThat(c.championMse()).isNaN();
    assertThat(c.championMseByHorizon()).containsOnly(Double.NaN);
    assertThat(c.releasable()).as(c.verdict()).isTrue();
    assertThat(c.verdict()).contains("h20 ").contains("no champion").endsWith("release");
  }

  @Test
  void aOneOutputChampionGivesItsCellAndHorizonOneRowAndIsJudgedOnHorizonOne() {
    List<SymbolHistory> market = market();
    LstmModel championLstm = LstmModel.initialise(FeatureSpec.DEFAULT.size(), 16, 1, 9, 1f);
    ForecastModel champion = new ForecastModel("m", 3, championLstm, FeatureSpec.DEFAULT, FEATURES);
    // an Adam step moves a weight by at most about the learning rate
    TrainerSettings settings = settings(training().maxEpochs(1).learningRate(1e-7f).build());
    TrainingData data = ChallengerTraining.data(market, champion, settings);
    Candidate c = new ChallengerTraining().train(data, champion, settings);

    assertThat(c.parentVersion()).isEqualTo(3);
    TrainingData horizonOne = TrainingData.build(market, FeatureSpec.DEFAULT, FEATURES, settings.shape());
    assertThat(c.championMse()).isEqualTo(
        LstmTrainer.meanSquaredError(championLstm, horizonOne.validation(), LossMode.ALL_STEPS, 8));
    assertThat(c.championMseByHorizon().get(0)).isEqualTo(c.championMse());
    assertThat(c.championMseByHorizon().subList(1, 3)).containsOnly(Double.NaN);
    assertThat(c.verdict()).contains("champion v3 (horizons 1)").contains("on horizons 1:");

    StateDict before = championLstm.toStateDict();
    StateDict after = c.model().toStateDict();
    for (String key : before.tensors().keySet()) {
      float[] a = before.get(key).values();
      float[] b = after.get(key).values();
      if (key.startsWith("lstm.")) {
        for (int i = 0; i < a.length; i++) {
          assertThat(b[i]).as("%s[%d] warm-started", key, i).isCloseTo(a[i], within(1e-4f));
        }
      }
    }
    float[] head = after.get("head.weight").values();
    float[] oldHead = before.get("head.weight").values();
    for (int u = 0; u < 16; u++) {
      assertThat(head[u]).as("row 0 is the champion's").isCloseTo(oldHead[u], within(1e-4f));
      assertThat(head[16 + u]).as("new rows start at 0").isCloseTo(0f, within(1e-4f));
      assertThat(head[32 + u]).isCloseTo(0f, within(1e-4f));
    }
  }

  @Test
  void aChampionOfTheSameHorizonsIsScoredOnEveryHorizon() {
    List<SymbolHistory> market = market();
    LstmModel lstm = LstmModel.initialise(FeatureSpec.DEFAULT.size(), 16, 1, 3, 9, 1f);
    ForecastModel champion = new ForecastModel("m", 2, lstm, FeatureSpec.DEFAULT, FEATURES, Double.NaN, THREE);
    TrainerSettings settings = settings(training().maxEpochs(1).build());
    TrainingData data = ChallengerTraining.data(market, champion, settings);
    Candidate c = new ChallengerTraining().train(data, champion, settings);
    double[] expected = LstmTrainer.meanSquaredErrorByOutput(lstm, data.validation(), LossMode.ALL_STEPS, 8);
    for (int k = 0; k < 3; k++) {
      assertThat(c.championMseByHorizon().get(k)).isEqualTo(expected[k]);
    }
    assertThat(c.verdict()).contains("on horizons 1,5,20:");
  }

  @Test
  void noHorizonMayBeWorseThanNaive() {
    assertThat(ChallengerTraining.beatsNaive(List.of(0.5, 0.9, 0.99), List.of(1.0, 1.0, 1.0))).isTrue();
    // far better on two horizons does not make up for one worse than naive
    assertThat(ChallengerTraining.beatsNaive(List.of(0.1, 0.1, 1.01), List.of(1.0, 1.0, 1.0))).isFalse();
    assertThat(ChallengerTraining.beatsNaive(List.of(0.5, Double.NaN, 0.5), List.of(1.0, 1.0, 1.0))).isFalse();
  }

  @Test
  void theChampionIsBeatenOnTheTermsOfTheHorizonsItForecasts() {
    List<Long> terms = List.of(1000L, 996L, 981L);
    // the same horizons: the pooled figure decides, horizon by horizon worse or better
    assertThat(ChallengerTraining.beatsChampion(List.of(0.9, 1.2, 1.0), List.of(1.0, 1.0, 1.0), terms)).isFalse();
    assertThat(ChallengerTraining.beatsChampion(List.of(0.8, 1.1, 1.0), List.of(1.0, 1.0, 1.0), terms)).isTrue();
    assertThat(ChallengerTraining.beatsChampion(List.of(0.9, 1.1), List.of(1.0, 1.0), List.of(1000L, 10L))).isTrue();
    // a one-output champion: horizon 1 alone decides
    assertThat(ChallengerTraining.beatsChampion(List.of(0.9, 5.0, 5.0), List.of(1.0, Double.NaN, Double.NaN), terms))
        .isTrue();
    assertThat(ChallengerTraining.beatsChampion(List.of(1.1, 0.1, 0.1), List.of(1.0, Double.NaN, Double.NaN), terms))
        .isFalse();
  }

  @Test
  void theReleaseRecordsTheHorizonsAndEveryHorizonsFigures() {
    LstmModel lstm = LstmModel.initialise(FeatureSpec.DEFAULT.size(), 4, 1, 3, 1, 1f);
    Candidate c = new Candidate(lstm, FeatureSpec.DEFAULT, 0, 0.8, Double.NaN, 1.0, 3, 0.7, true, "release", THREE,
        List.of(0.8, 0.9, 0.95), List.of(Double.NaN, Double.NaN, Double.NaN), List.of(1.0, 1.01, 1.02));
    TrainerSettings settings = settings(training().build());
    TrainingData data = ChallengerTraining.data(List.of(ar1Returns("A", 400, 1)), null, settings);
    ModelRelease r = Trainer.draft(settings, c, data, 0L).setVersion(1).build();
    assertThat(r.getHorizons()).containsExactly(1, 5, 20);
    assertThat(r.getValidationMseByHorizon()).containsExactly(0.8, 0.9, 0.95);
    assertThat(r.getNaiveValidationMseByHorizon()).containsExactly(1.0, 1.01, 1.02);
    assertThat(r.getValidationMse()).as("horizon 1").isEqualTo(0.8);
    assertThat(r.getNaiveValidationMse()).isEqualTo(1.0);
    assertThat(r.getChampionValidationMse()).isNull();
  }
}

package io.tickcast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.feed.SyntheticMarket;
import io.tickcast.forecast.ForecastEngine;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.forecast.ForecastSource;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.StepResult;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.LstmState;
import io.tickcast.lstm.Sequence;
import io.tickcast.lstm.StateDict;
import io.tickcast.lstm.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingDataTest {
  private static final FeatureSettings FEATURES = new FeatureSettings(100, 10, 6.0);
  private static final ForecastSettings SERVING = ForecastSettings.DEFAULTS.withFeatures(FEATURES);

  private static SymbolHistory history(String symbol, int n, long seed) {
    return SymbolHistory.of(symbol, SyntheticMarket.series(symbol, SyntheticMarket.Kind.MIXED, n, seed));
  }

  private static ForecastModel model(LstmModel lstm) {
    return new ForecastModel("m", 1, lstm, FeatureSpec.DEFAULT, FEATURES);
  }

  private static LstmModel constantHead(float bias) {
    StateDict d = LstmModel.initialise(FeatureSpec.DEFAULT.size(), 4, 1, 1, 0f).withZeroHead().toStateDict();
    d.put("head.bias", Tensor.vector(bias));
    return LstmModel.fromStateDict(d);
  }

  /** The engine's lstmReturn of every tick, and its source. */
  private static List<double[]> engineRun(SymbolHistory h, LstmModel lstm) {
    ForecastEngine engine = new ForecastEngine(SERVING);
    ForecastState state = engine.newState();
    StepResult r = new StepResult();
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < h.size(); i++) {
      engine.step(state, h.symbol(), h.times()[i], h.prices()[i], h.volumes()[i], model(lstm), h.times()[i], r);
      out.add(new double[] {r.lstmReturn, r.source == ForecastSource.WARMUP ? 1 : 0});
    }
    return out;
  }

  @Test
  void stepsFeedTheModelExactlyWhatTheStreamFeedsIt() {
    SymbolHistory h = history("S", 300, 3);
    FeatureSteps steps = FeatureSteps.compute(h, FeatureSpec.DEFAULT, FEATURES);
    assertThat(steps.size()).isEqualTo(299);
    // two constant-output models reveal the engine's return mean and std after every step
    List<double[]> mean = engineRun(h, constantHead(0f));
    List<double[]> meanPlusStd = engineRun(h, constantHead(1f));
    LstmModel lstm = LstmModel.initialise(FeatureSpec.DEFAULT.size(), 8, 1, 11, 1f);
    List<double[]> served = engineRun(h, lstm);
    LstmState state = lstm.newState();
    double[] p = h.prices();
    for (int s = 0; s < steps.size(); s++) {
      int tick = s + 1;
      double m = mean.get(tick)[0];
      double sd = meanPlusStd.get(tick)[0] - m;
      float z = lstm.step(rowOf(steps, s), state);
      // the engine turns the same output of the same inputs into its forecast
      assertThat(served.get(tick)[0]).isCloseTo(m + sd * Math.max(-4, Math.min(4, z)), within(1e-12));
      if (s < steps.size() - 1) {
        double nextReturn = Math.log(p[tick + 1] / p[tick]);
        double expected = Math.max(-6, Math.min(6, (nextReturn - m) / sd));
        assertThat((double) steps.target(s)).isCloseTo(expected, within(1e-4));
        assertThat((double) steps.naive(s)).isCloseTo(Math.max(-6, Math.min(6, -m / sd)), within(1e-4));
      }
      // scored steps are exactly those the stream emits the model's forecast on
      boolean warmUp = served.get(tick)[1] == 1;
      assertThat(s < steps.firstScored()).isEqualTo(warmUp);
    }
  }

  private static float[] rowOf(FeatureSteps steps, int s) {
    return steps.inputRows(s, 1)[0];
  }

  @Test
  void everyScorableStepIsScoredOnceAndValidationIsTheMostRecentSlice() {
    SymbolHistory a = history("A", 500, 1);
    SymbolHistory b = history("B", 260, 2);
    TrainingData.Shape shape = new TrainingData.Shape(16, 4, 0.25, 10_000);
    TrainingData data = TrainingData.build(List.of(a, b), FeatureSpec.DEFAULT, FEATURES, shape);
    FeatureSteps sa = FeatureSteps.compute(a, FeatureSpec.DEFAULT, FEATURES);
    FeatureSteps sb = FeatureSteps.compute(b, FeatureSpec.DEFAULT, FEATURES);
    long scorable = sa.scorableSteps() + sb.scorableSteps();
    assertThat(data.trainingTerms(4) + data.validationTerms()).isEqualTo(scorable);
    assertThat(data.validationTerms())
        .isEqualTo(Math.round(sa.scorableSteps() * 0.25) + Math.round(sb.scorableSteps() * 0.25));
    assertThat(data.symbols()).isEqualTo(2);
    assertThat(data.dataFrom()).isEqualTo(Math.min(a.firstTime(), b.firstTime()));
    assertThat(data.dataTo()).isEqualTo(Math.max(a.lastTime(), b.lastTime()));
    for (Sequence s : data.train()) {
      assertThat(s.length()).isBetween(5, 16);
    }
    // the validation windows end with each symbol's last target: the last held-out sequence of A
    // scores A's final scorable step
    Sequence lastOfA = data.validation().stream().filter(s -> s.target(s.length() - 1) == sa.target(sa.size() - 2))
        .findFirst().orElseThrow();
    assertThat(lastOfA).isNotNull();
  }

  @Test
  void naiveMseIsTakenOnTheValidationTermsInZUnits() {
    SymbolHistory a = history("A", 400, 5);
    TrainingData.Shape shape = new TrainingData.Shape(10, 3, 0.3, 10_000);
    TrainingData data = TrainingData.build(List.of(a), FeatureSpec.DEFAULT, FEATURES, shape);
    FeatureSteps s = FeatureSteps.compute(a, FeatureSpec.DEFAULT, FEATURES);
    int end = s.size() - 1;
    int held = (int) Math.round(s.scorableSteps() * 0.3);
    double sse = 0;
    for (int k = end - held; k < end; k++) {
      double e = (double) s.naive(k) - s.target(k);
      sse += e * e;
    }
    assertThat(data.validationTerms()).isEqualTo(held);
    assertThat(data.naiveValidationMse()).isCloseTo(sse / held, within(1e-12));
  }

  @Test
  void theCapKeepsAUniformSeededSampleAcrossSymbolsAndTime() {
    List<SymbolHistory> histories = List.of(history("A", 600, 7), history("B", 600, 8), history("C", 600, 9));
    TrainingData.Shape all = new TrainingData.Shape(12, 2, 0.2, 10_000);
    TrainingData full = TrainingData.build(histories, FeatureSpec.DEFAULT, FEATURES, all);
    int n = full.train().size();
    int cap = n / 4;
    TrainingData few = TrainingData.build(histories, FeatureSpec.DEFAULT, FEATURES, new TrainingData.Shape(12, 2, 0.2, cap, 11));
    assertThat(few.train()).hasSize(cap);
    assertThat(few.droppedSequences()).isEqualTo(n - cap);
    assertThat(few.validationTerms()).isEqualTo(full.validationTerms());
    // each kept sequence is one of the full set's, in the full set's order
    List<Integer> positions = new java.util.ArrayList<>();
    int from = 0;
    for (Sequence s : few.train()) {
      int at = from;
      while (full.train().get(at).target(0) != s.target(0) || full.train().get(at).target(1) != s.target(1)) {
        at++;
      }
      positions.add(at);
      from = at + 1;
    }
    // uniform over the cut order (symbol by symbol, oldest first): every third of it is represented, not only the end
    for (int third = 0; third < 3; third++) {
      int lo = third * n / 3;
      int hi = (third + 1) * n / 3;
      long inThird = positions.stream().filter(p -> p >= lo && p < hi).count();
      assertThat(inThird).as("sequences kept from third %d of %d", third, n).isGreaterThan(cap / 6);
    }
    TrainingData again = TrainingData.build(histories, FeatureSpec.DEFAULT, FEATURES, new TrainingData.Shape(12, 2, 0.2, cap, 11));
    for (int i = 0; i < cap; i++) {
      assertThat(again.train().get(i).target(0)).as("same seed, same sample").isEqualTo(few.train().get(i).target(0));
    }
  }
}

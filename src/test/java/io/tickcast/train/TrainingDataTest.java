package io.tickcast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.features.HorizonScaling;
import io.tickcast.features.SymbolFeatures;
import io.tickcast.feed.SyntheticMarket;
import io.tickcast.forecast.ForecastEngine;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.forecast.ForecastSource;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.Horizons;
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
    // the held-out windows are capped too, at cap · 0.2 / 0.8, a sample of the full set's in its order
    int heldCap = (int) Math.ceil(cap * 0.2 / 0.8);
    assertThat(full.validation().size()).isGreaterThan(heldCap);
    assertThat(few.validation()).hasSize(heldCap);
    assertThat(few.droppedValidation()).isEqualTo(full.validation().size() - heldCap);
    int fromHeld = 0;
    for (Sequence s : few.validation()) {
      while (full.validation().get(fromHeld).target(0) != s.target(0)
          || full.validation().get(fromHeld).target(1) != s.target(1)) {
        fromHeld++;
      }
      fromHeld++;
    }
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

  private static final Horizons THREE = Horizons.of(1, 5, 20);

  @Test
  void horizonOneTargetsAndNaiveForecastsAreExactlyTheOneStepOnes() {
    SymbolHistory h = history("S", 400, 12);
    FeatureSteps one = FeatureSteps.compute(h, FeatureSpec.DEFAULT, FEATURES);
    FeatureSteps three = FeatureSteps.compute(h, FeatureSpec.DEFAULT, FEATURES, THREE);
    assertThat(three.horizons()).isEqualTo(THREE);
    assertThat(one.horizons()).isEqualTo(Horizons.NEXT_TICK);
    assertThat(three.size()).isEqualTo(one.size());
    for (int s = 0; s < one.size(); s++) {
      assertThat(Float.floatToIntBits(three.target(s, 0))).isEqualTo(Float.floatToIntBits(one.target(s)))
          .isEqualTo(Float.floatToIntBits(three.target(s)));
      assertThat(three.naive(s, 0)).isEqualTo(one.naive(s)).isEqualTo(three.naive(s));
      assertThat(three.inputRows(s, 1)[0]).containsExactly(one.inputRows(s, 1)[0]);
    }
  }

  @Test
  void aHorizonTargetIsTheScaledCumulativeReturnOfTheNextHTicksAndMissingPastTheEnd() {
    SymbolHistory h = history("S", 300, 13);
    FeatureSteps steps = FeatureSteps.compute(h, FeatureSpec.DEFAULT, FEATURES, THREE);
    double[] p = h.prices();
    long[] t = h.times();
    int lastTick = h.size() - 1;
    SymbolFeatures f = new SymbolFeatures();
    float[] full = new float[io.tickcast.features.Feature.COUNT];
    for (int s = 0; s < steps.size(); s++) {
      int tick = s + 1;
      f.next(Math.log(p[tick] / p[tick - 1]), t[tick] - t[tick - 1], h.volumes()[tick], FEATURES, full, 0);
      for (int k = 1; k < 3; k++) {
        int hz = THREE.get(k);
        assertThat((double) steps.naive(s, k)).isCloseTo(
            HorizonScaling.toZ(0, hz, f.returnMean(), f.returnStd(), 6.0), within(1e-6));
        if (tick + hz > lastTick) {
          assertThat(steps.target(s, k)).as("step %d horizon %d runs past the end", s, hz).isNaN();
        } else {
          double sum = 0;
          for (int j = tick + 1; j <= tick + hz; j++) {
            sum += Math.log(p[j] / p[j - 1]);
          }
          double expected = Math.max(-6, Math.min(6, (sum - hz * f.returnMean()) / (Math.sqrt(hz) * f.returnStd())));
          assertThat((double) steps.target(s, k)).as("step %d horizon %d", s, hz).isCloseTo(expected, within(1e-4));
        }
      }
    }
    // the last 20 steps have no horizon-20 target, the last one no horizon-1 target
    assertThat(steps.target(steps.size() - 21, 2)).isNotNaN();
    assertThat(steps.target(steps.size() - 20, 2)).isNaN();
    assertThat(steps.target(steps.size() - 2, 0)).isNotNaN();
    assertThat(steps.target(steps.size() - 1, 0)).isNaN();
  }

  @Test
  void naiveMseAndTermsArePerHorizonOnTheValidationTermsThatHaveATarget() {
    SymbolHistory a = history("A", 600, 14);
    TrainingData.Shape shape = new TrainingData.Shape(10, 3, 0.3, 10_000);
    TrainingData data = TrainingData.build(List.of(a), FeatureSpec.DEFAULT, FEATURES, THREE, shape);
    TrainingData one = TrainingData.build(List.of(a), FeatureSpec.DEFAULT, FEATURES, shape);
    FeatureSteps s = FeatureSteps.compute(a, FeatureSpec.DEFAULT, FEATURES, THREE);
    int end = s.size() - 1;
    int held = (int) Math.round(s.scorableSteps() * 0.3);
    assertThat(data.horizons()).isEqualTo(THREE);
    assertThat(data.naiveValidationMse()).isEqualTo(one.naiveValidationMse()).isEqualTo(data.naiveValidationMseByHorizon().get(0));
    assertThat(data.validationTerms()).isEqualTo(held).isEqualTo(data.validationTermsByHorizon().get(0));
    assertThat(one.naiveValidationMseByHorizon()).containsExactly(one.naiveValidationMse());
    for (int k = 0; k < 3; k++) {
      int hz = THREE.get(k);
      double sse = 0;
      for (int step = end - held; step < end - (hz - 1); step++) {
        double e = (double) s.naive(step, k) - s.target(step, k);
        sse += e * e;
      }
      // the last hz - 1 held-out steps have no horizon-hz target
      assertThat(data.validationTermsByHorizon().get(k)).isEqualTo(held - (hz - 1));
      assertThat(data.naiveValidationMseByHorizon().get(k)).isCloseTo(sse / (held - (hz - 1)), within(1e-12));
    }
    for (Sequence v : data.validation()) {
      assertThat(v.outputCount()).isEqualTo(3);
    }
  }

  @Test
  void noTrainingTargetReadsAHeldOutTick() {
    SymbolHistory a = history("A", 700, 15);
    TrainingData.Shape shape = new TrainingData.Shape(16, 4, 0.25, 10_000);
    TrainingData data = TrainingData.build(List.of(a), FeatureSpec.DEFAULT, FEATURES, THREE, shape);
    long[] present = new long[3];
    for (Sequence seq : data.train()) {
      for (int t = 4; t < seq.length(); t++) {
        for (int k = 0; k < 3; k++) {
          if (!Float.isNaN(seq.target(t, k))) {
            present[k]++;
          }
        }
      }
    }
    long trainingTerms = data.trainingTerms(4);
    assertThat(present[0]).isEqualTo(trainingTerms);
    // a horizon-h target of the last h - 1 training steps would read prices of the held-out slice
    assertThat(present[1]).isEqualTo(trainingTerms - 4);
    assertThat(present[2]).isEqualTo(trainingTerms - 19);
  }
}

package io.tickcast.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.feed.SyntheticMarket;
import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingSamplerTest {
  private static final FeatureSettings FEATURES = new FeatureSettings(100, 10, 6.0);
  private static final Horizons THREE = Horizons.of(1, 5, 20);

  private static SymbolHistory history(String symbol, int n, long seed) {
    return SymbolHistory.of(symbol, SyntheticMarket.series(symbol, SyntheticMarket.Kind.MIXED, n, seed));
  }

  private static TrainingSampler sampler(TrainingData.Shape shape) {
    return new TrainingSampler(FeatureSpec.DEFAULT, FEATURES, THREE, shape);
  }

  private static void stream(TrainingSampler sampler, SymbolHistory h) {
    for (int i = 0; i < h.size(); i++) {
      sampler.tick(h.symbol(), h.times()[i], h.prices()[i], h.volumes()[i]);
    }
  }

  private static void assertSame(List<Sequence> actual, List<Sequence> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Sequence a = actual.get(i);
      Sequence e = expected.get(i);
      assertThat(a.length()).isEqualTo(e.length());
      for (int t = 0; t < e.length(); t++) {
        assertThat(a.input(t)).isEqualTo(e.input(t));
        for (int k = 0; k < e.outputCount(); k++) {
          assertThat(Float.floatToIntBits(a.target(t, k))).as("sequence %d step %d target %d", i, t, k)
              .isEqualTo(Float.floatToIntBits(e.target(t, k)));
        }
      }
    }
  }

  @Test
  void streamingWithTheCutAtTheSplitTickCutsTheWindowsOfAWholeHistory() {
    TrainingData.Shape shape = new TrainingData.Shape(16, 4, 0.25, 10_000);
    for (SymbolHistory h : List.of(history("A", 600, 1), history("B", 600, 2))) {
      TrainingData whole = TrainingData.build(List.of(h), FeatureSpec.DEFAULT, FEATURES, THREE, shape);
      // the whole history's split step: steps 599, scorable 599 - 1 - 9 = 589, 147 held out
      int split = 598 - (int) Math.round(589 * 0.25);
      TrainingSampler streamed = sampler(shape);
      streamed.holdOutFrom(h.times()[split + 1]); // step s is tick s + 1
      stream(streamed, h);
      TrainingData data = streamed.build();
      assertSame(data.train(), whole.train());
      assertSame(data.validation(), whole.validation());
      assertThat(data.validationTermsByHorizon()).isEqualTo(whole.validationTermsByHorizon());
      assertThat(data.naiveValidationMseByHorizon()).isEqualTo(whole.naiveValidationMseByHorizon());
      assertThat(data.symbols()).isEqualTo(1);
      assertThat(data.dataFrom()).isEqualTo(whole.dataFrom());
      assertThat(data.dataTo()).isEqualTo(whole.dataTo());
    }
  }

  /** The step whose inputs are a sequence's first {@code length} rows, found by matching them. */
  private static int startOf(Sequence s, FeatureSteps steps) {
    List<Integer> found = new ArrayList<>();
    for (int start = 0; start + s.length() <= steps.size(); start++) {
      float[][] rows = steps.inputRows(start, s.length());
      boolean same = true;
      for (int t = 0; t < s.length() && same; t++) {
        same = java.util.Arrays.equals(rows[t], s.input(t));
      }
      if (same) {
        found.add(start);
      }
    }
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  @Test
  void noTrainingTargetReadsATickAfterTheFirstHeldOutInputAndHeldOutStepsAreAtOrAfterTheCut() {
    SymbolHistory h = history("S", 700, 5);
    TrainingData.Shape shape = new TrainingData.Shape(16, 4, 0.2, 10_000);
    long cut = h.times()[437];
    TrainingSampler sampler = sampler(shape);
    sampler.holdOutFrom(cut);
    stream(sampler, h);
    TrainingData data = sampler.build();
    FeatureSteps steps = FeatureSteps.compute(h, FeatureSpec.DEFAULT, FEATURES, THREE);
    int split = 436; // the first step whose tick (step + 1) is at or after the cut
    assertThat(data.train()).isNotEmpty();
    assertThat(data.validation()).isNotEmpty();
    long scored = 0;
    for (Sequence s : data.train()) {
      int start = startOf(s, steps);
      for (int t = 0; t < s.length(); t++) {
        int step = start + t;
        assertThat(h.times()[step + 1]).as("a training input's tick").isLessThan(cut);
        for (int k = 0; k < THREE.count(); k++) {
          float target = s.target(t, k);
          if (!Float.isNaN(target)) {
            // the horizon-h target of step s reads the ticks up to s + 1 + h
            assertThat(step + 1 + THREE.get(k)).as("the last tick a training target reads").isLessThanOrEqualTo(split + 1);
            assertThat(target).isEqualTo(steps.target(step, k));
          }
        }
      }
      scored += s.length() - shape.burnIn();
    }
    for (Sequence s : data.validation()) {
      int start = startOf(s, steps);
      for (int t = shape.burnIn(); t < s.length(); t++) {
        assertThat(h.times()[start + t + 1]).as("a held-out scored step's tick").isGreaterThanOrEqualTo(cut);
      }
    }
    // every scorable step is scored once, on one side or the other
    assertThat(scored + data.validationTerms()).isEqualTo(steps.scorableSteps());
  }

  @Test
  void holdsABoundedNumberOfStepsWhateverTheTicksStreamed() {
    TrainingData.Shape shape = new TrainingData.Shape(16, 4, 0.2, 500);
    TrainingSampler sampler = sampler(shape);
    sampler.holdOutFrom(160_000_000L);
    SplittableRandom random = new SplittableRandom(9);
    double[] price = {100, 100, 100};
    long maxRetained = 0;
    for (long i = 0; i < 200_000; i++) {
      for (int s = 0; s < 3; s++) {
        price[s] *= Math.exp(0.001 * (random.nextDouble() - 0.5));
        sampler.tick("S" + s, i * 1000, price[s], 10);
      }
      maxRetained = Math.max(maxRetained, sampler.retainedSteps());
    }
    // a symbol holds its last sequence length + max horizon + 1 steps
    assertThat(maxRetained).isEqualTo(3L * (16 + 20 + 1));
    TrainingData data = sampler.build();
    assertThat(data.train()).hasSize(500);
    assertThat(data.validation()).hasSize(TrainingSampler.heldOutCap(shape)).hasSize(125);
    assertThat(data.droppedSequences() + 500L).isGreaterThan(3L * 160_000 / 12 - 10);
  }
}

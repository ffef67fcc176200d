package io.tickcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Training: determinism, early stopping, warm start, and learning a task that needs memory. */
class LstmTrainerTest {
  static final List<Sequence> TRAIN = TestData.randomSequences(100, 12, 2, 1);
  static final List<Sequence> VALIDATION = TestData.randomSequences(20, 12, 2, 2);

  static TrainingConfig.Builder small() {
    return TrainingConfig.builder().hiddenSize(8).numLayers(2).batchSize(16).maxEpochs(3)
        .learningRate(5e-3f).sequenceLength(5).seed(7).forgetGateBias(1f);
  }

  @Test
  void sameSeedAndDataGiveBitIdenticalWeights() {
    TrainingResult a = new LstmTrainer().train(null, TRAIN, VALIDATION, small().build());
    TrainingResult b = new LstmTrainer().train(null, TRAIN, VALIDATION, small().build());
    assertThat(b.model().toStateDict()).isEqualTo(a.model().toStateDict());
    assertThat(b.validationCurve()).isEqualTo(a.validationCurve());
    TrainingResult other = new LstmTrainer().train(null, TRAIN, VALIDATION, small().seed(8).build());
    assertThat(other.model().toStateDict()).isNotEqualTo(a.model().toStateDict());
  }

  @Test
  void splittingBatchesAcrossTwoThreadsGivesBitIdenticalWeights() {
    TrainingConfig one = small().batchSize(40).l2(1e-3f).threads(1).build();
    TrainingConfig two = one.toBuilder().threads(2).build();
    TrainingResult a = new LstmTrainer().train(null, TRAIN, null, one);
    TrainingResult b = new LstmTrainer().train(null, TRAIN, null, two);
    assertThat(b.model().toStateDict()).isEqualTo(a.model().toStateDict());
    assertThat(b.trainLoss()).isEqualTo(a.trainLoss());
  }

  @Test
  void bothPathsTrainDeterministicallyAndAlike() {
    TrainingConfig cfg = small().threads(2).build();
    TrainingResult s1 = new LstmTrainer(VectorSupport.scalar()).train(null, TRAIN, VALIDATION, cfg);
    TrainingResult s2 = new LstmTrainer(VectorSupport.scalar()).train(null, TRAIN, VALIDATION, cfg);
    TrainingResult v = new LstmTrainer().train(null, TRAIN, VALIDATION, cfg);
    assertThat(s2.model().toStateDict()).isEqualTo(s1.model().toStateDict());
    // Float tolerance 1e-4 on validation MSE after 3 epochs of small rounding differences.
    assertThat(v.validationLoss()).isCloseTo(s1.validationLoss(), org.assertj.core.api.Assertions.within(1e-4));
  }

  @Test
  void returnsTheWeightsThatWereBestOnValidation() {
    // A learning rate this high makes validation loss wander, so the best epoch is not the last.
    TrainingConfig cfg = small().learningRate(0.05f).maxEpochs(12).patience(3).build();
    TrainingResult r = new LstmTrainer().train(null, TRAIN, VALIDATION, cfg);
    List<Double> curve = r.validationCurve();
    assertThat(curve).hasSize(r.epochs());
    assertThat(r.validationLoss()).isEqualTo(Collections.min(curve));
    assertThat(LstmTrainer.meanSquaredError(r.model(), VALIDATION, cfg.lossMode(), cfg.burnIn()))
        .isEqualTo(r.validationLoss());
    if (r.epochs() < cfg.maxEpochs()) {
      int bestEpoch = curve.indexOf(r.validationLoss());
      assertThat(curve.size() - 1 - bestEpoch).as("stopped after patience epochs without improvement")
          .isEqualTo(cfg.patience());
    }
  }

  @Test
  void trainingFromAWarmStartContinuesFromItsWeights() {
    LstmModel start = LstmModel.initialise(2, 8, 1, 99, 0f);
    TrainingConfig cfg = small().numLayers(1).maxEpochs(1).learningRate(1e-6f).build();
    LstmModel trained = new LstmTrainer().train(start, TRAIN, null, cfg).model();
    float[] before = start.params;
    float[] after = trained.params;
    assertThat(after).isNotEqualTo(before);
    for (int i = 0; i < before.length; i++) {
      // 7 Adam steps of at most the learning rate each
      assertThat(Math.abs(after[i] - before[i])).isLessThanOrEqualTo(1e-5f);
    }
  }

  @Test
  void learnsToRecallTheInputOfFiveStepsEarlier() {
    // Target y_t = x_{t-5} over white noise: x_t says nothing about x_{t-5}, so the best
    // memoryless predictor scores the variance of the target (about 1). Scoring starts at
    // step 5, where the target is defined.
    int delay = 5;
    List<Sequence> train = delayedEcho(768, 24, delay, 10);
    List<Sequence> val = delayedEcho(128, 24, delay, 11);
    TrainingConfig cfg = TrainingConfig.builder().hiddenSize(24).numLayers(1).batchSize(32)
        .learningRate(1e-2f).maxEpochs(40).patience(5).burnIn(delay).sequenceLength(24)
        .forgetGateBias(1f).seed(3).threads(2).build();
    TrainingResult r = new LstmTrainer().train(null, train, val, cfg);
    double memoryless = LstmTrainer.meanSquaredError(
        LstmModel.initialise(1, 24, 1, 0, 0f).withZeroHead(), val, LossMode.ALL_STEPS, delay);
    assertThat(memoryless).isBetween(0.8, 1.2);
    assertThat(r.validationLoss()).as("validation MSE, memoryless %s", memoryless).isLessThan(0.05 * memoryless);
  }

  @Test
  void anOutputWithoutTargetsLeavesTheLossAndTheOtherGradientsAsAOneOutputModelHasThem() {
    // A two-output model whose second output never has a target is the one-output model with an
    // unused head row: same loss, same gradient for the cell and for the first row, none for the second.
    LstmModel one = TestData.model(2, 8, 2, 3, VectorSupport.kernels());
    StateDict d1 = one.toStateDict();
    float[] w1 = d1.get("head.weight").values();
    float[] w2 = java.util.Arrays.copyOf(w1, 16);
    for (int u = 8; u < 16; u++) {
      w2[u] = 0.25f * (u - 11);
    }
    StateDict d2 = one.toStateDict().put("head.weight", Tensor.of(w2, 2, 8))
        .put("head.bias", Tensor.vector(d1.get("head.bias").at(0), 0.5f));
    LstmModel two = LstmModel.fromStateDict(d2);
    List<Sequence> single = TestData.randomSequences(5, 9, 2, 4);
    List<Sequence> paired = new ArrayList<>();
    for (Sequence s : single) {
      float[][] x = new float[s.length()][];
      float[][] y = new float[s.length()][];
      for (int t = 0; t < s.length(); t++) {
        x[t] = s.input(t);
        y[t] = new float[] {s.target(t), Float.NaN};
      }
      paired.add(new Sequence(x, y));
    }
    Gradients g1 = Gradients.zerosLike(one);
    Gradients g2 = Gradients.zerosLike(two);
    double l1 = LstmTrainer.lossAndGradients(one, single, LossMode.ALL_STEPS, 2, g1);
    double l2 = LstmTrainer.lossAndGradients(two, paired, LossMode.ALL_STEPS, 2, g2);
    assertThat(l2).isEqualTo(l1);
    StateDict a = g1.toStateDict();
    StateDict b = g2.toStateDict();
    for (String key : a.tensors().keySet()) {
      if (key.startsWith("lstm.")) {
        assertThat(b.get(key)).as(key).isEqualTo(a.get(key));
      }
    }
    float[] headGrad = b.get("head.weight").values();
    assertThat(java.util.Arrays.copyOf(headGrad, 8)).containsExactly(a.get("head.weight").values());
    assertThat(java.util.Arrays.copyOfRange(headGrad, 8, 16)).containsOnly(0f);
    assertThat(b.get("head.bias").at(0)).isEqualTo(a.get("head.bias").at(0));
    assertThat(b.get("head.bias").at(1)).isZero();
    double[] byOutput = LstmTrainer.meanSquaredErrorByOutput(two, paired, LossMode.ALL_STEPS, 2);
    assertThat(byOutput[0]).isEqualTo(LstmTrainer.meanSquaredError(one, single, LossMode.ALL_STEPS, 2));
    assertThat(byOutput[1]).isNaN();
  }

  @Test
  void learnsEveryOutputOfAThreeOutputHeadJointly() {
    List<Sequence> train = TestData.randomSequences(200, 12, 2, 3, 1);
    List<Sequence> val = TestData.randomSequences(40, 12, 2, 3, 2);
    TrainingConfig cfg = small().numLayers(1).maxEpochs(15).learningRate(1e-2f).build();
    TrainingResult r = new LstmTrainer().train(null, train, val, cfg);
    assertThat(r.model().outputCount()).isEqualTo(3);
    double[] trained = LstmTrainer.meanSquaredErrorByOutput(r.model(), val, cfg.lossMode(), cfg.burnIn());
    double[] zero = LstmTrainer.meanSquaredErrorByOutput(r.model().withZeroHead(), val, cfg.lossMode(), cfg.burnIn());
    for (int k = 0; k < 3; k++) {
      assertThat(trained[k]).as("output %d, zero head %s", k, zero[k]).isLessThan(0.5 * zero[k]);
    }
    assertThat(r.validationLoss()).isEqualTo(LstmTrainer.meanSquaredError(r.model(), val, cfg.lossMode(), cfg.burnIn()));
  }

  @Test
  void sequencesWithOtherThanOneTargetPerOutputAreRefused() {
    LstmModel start = LstmModel.initialise(2, 8, 1, 99, 0f);
    List<Sequence> three = TestData.randomSequences(4, 6, 2, 3, 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new LstmTrainer().train(start, three, null, small().numLayers(1).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 targets per step")
        .hasMessageContaining("1 outputs");
  }

  static List<Sequence> delayedEcho(int count, int length, int delay, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Sequence> out = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      float[][] x = new float[length][1];
      float[] y = new float[length];
      for (int t = 0; t < length; t++) {
        x[t][0] = (float) TestData.gaussian(r);
        y[t] = t >= delay ? x[t - delay][0] : 0f;
      }
      out.add(new Sequence(x, y));
    }
    return out;
  }
}

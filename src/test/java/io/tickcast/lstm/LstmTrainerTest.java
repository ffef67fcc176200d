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

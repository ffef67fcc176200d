package io.tickcast.lstm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Training throughput in sequences per second: one epoch over 256 sequences of L = 32 steps, D =
 * 4, one layer, batches of B = 64 (four Adam steps), forward, backward and update included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LstmTrainingBenchmark {
  static final int SEQUENCES = 256;
  static final int LENGTH = 32;
  static final int INPUT_SIZE = 4;

  @Param({"32", "64"})
  int hidden;

  @Param({"1", "2"})
  int threads;

  LstmModel start;
  List<Sequence> train;
  TrainingConfig cfg;
  LstmTrainer trainer;

  @Setup
  public void setUp() {
    start = LstmModel.initialise(INPUT_SIZE, hidden, 1, 1, 1f);
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    train = new ArrayList<>();
    for (int s = 0; s < SEQUENCES; s++) {
      float[][] x = new float[LENGTH][INPUT_SIZE];
      float[] y = new float[LENGTH];
      for (int t = 0; t < LENGTH; t++) {
        for (int d = 0; d < INPUT_SIZE; d++) {
          x[t][d] = (float) r.nextDouble(-2, 2);
        }
        y[t] = t > 0 ? x[t - 1][0] : 0f;
      }
      train.add(new Sequence(x, y));
    }
    cfg = TrainingConfig.builder().sequenceLength(LENGTH).batchSize(64).maxEpochs(1).threads(threads).build();
    trainer = new LstmTrainer();
  }

  @Benchmark
  @OperationsPerInvocation(SEQUENCES)
  public LstmModel trainOneEpoch() {
    return trainer.train(start, train, null, cfg).model();
  }
}

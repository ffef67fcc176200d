package io.tickcast.lstm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random sequences and models for tests. */
final class TestData {
  private TestData() {}

  /** Sequences of Gaussian inputs with targets a fixed smooth function of them. */
  static List<Sequence> randomSequences(int count, int length, int inputSize, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Sequence> out = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      float[][] x = new float[length][inputSize];
      float[] y = new float[length];
      for (int t = 0; t < length; t++) {
        for (int d = 0; d < inputSize; d++) {
          x[t][d] = (float) gaussian(r);
        }
        y[t] = (float) (0.5 * Math.sin(x[t][0]) + (t > 0 ? 0.3 * x[t - 1][inputSize - 1] : 0));
      }
      out.add(new Sequence(x, y));
    }
    return out;
  }

  /**
   * Sequences of Gaussian inputs with {@code outputs} targets per step, target k a different smooth
   * function of the inputs; targets k &gt;= 1 are missing (NaN) on the last k steps, as a horizon-k
   * target is at the end of a history.
   */
  static List<Sequence> randomSequences(int count, int length, int inputSize, int outputs, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Sequence> out = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      float[][] x = new float[length][inputSize];
      float[][] y = new float[length][outputs];
      for (int t = 0; t < length; t++) {
        for (int d = 0; d < inputSize; d++) {
          x[t][d] = (float) gaussian(r);
        }
      }
      for (int t = 0; t < length; t++) {
        for (int k = 0; k < outputs; k++) {
          y[t][k] = t + k >= length ? Float.NaN
              : (float) (0.5 * Math.sin(x[t][0] + k) + (t > 0 ? 0.3 * (k + 1) * x[t - 1][inputSize - 1] : 0));
        }
      }
      out.add(new Sequence(x, y));
    }
    return out;
  }

  static double gaussian(SplittableRandom r) {
    double u = r.nextDouble(Double.MIN_VALUE, 1.0);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /**
   * A model with every parameter non-zero and twice PyTorch's initial range, so that gradients
   * reaching the bottom layer are large enough to be checked against float finite differences.
   */
  static LstmModel model(int inputSize, int hidden, int layers, long seed, Kernels kernels) {
    return model(inputSize, hidden, layers, 1, seed, kernels);
  }

  /** As {@link #model(int, int, int, long, Kernels)}, with {@code outputs} outputs. */
  static LstmModel model(int inputSize, int hidden, int layers, int outputs, long seed, Kernels kernels) {
    LstmModel m = LstmModel.initialise(inputSize, hidden, layers, outputs, seed, 0.5f);
    float[] p = m.params.clone();
    for (int i = 0; i < p.length; i++) {
      p[i] *= 2f;
    }
    return new LstmModel(m.layout, p, kernels);
  }
}

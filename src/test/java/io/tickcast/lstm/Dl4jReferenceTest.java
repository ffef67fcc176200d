package io.tickcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward values, loss and every gradient against Deeplearning4j's (double precision) on the
 * shared reference file, for each available kernel path.
 *
 * <p>Float tolerance: absolute 1e-5 on every h, c, gate, output and gradient element (all of
 * magnitude below about 2), 1e-5 relative on the loss. The file states a float32 implementation
 * should agree to about 1e-5; our σ/tanh approximation contributes at most 4e-7.
 */
class Dl4jReferenceTest {
  static final double TOLERANCE = 1e-5;
  static final Dl4jReference REF = Dl4jReference.load();

  static Stream<Named<Kernels>> paths() {
    return KernelPaths.available();
  }

  static LstmModel model(Kernels kernels) {
    return LstmModel.fromStateDict(REF.stateDict).usingKernels(kernels);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  void importedSizesAreReadFromTheArrays(Kernels kernels) {
    LstmModel m = model(kernels);
    assertThat(m.inputSize()).isEqualTo(3);
    assertThat(m.hiddenSize()).isEqualTo(5);
    assertThat(m.numLayers()).isEqualTo(1);
    assertThat(m.parameterCount()).isEqualTo(4 * 5 * 3 + 4 * 5 * 5 + 2 * 4 * 5 + 5 + 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  void stepMatchesHiddenCellGatesAndOutputsOfEveryStep(Kernels kernels) {
    LstmModel m = model(kernels);
    LstmState state = m.newState();
    double[][] h = REF.doubles("h");
    double[][] c = REF.doubles("c");
    double[][] outputs = REF.doubles("outputs");
    for (int t = 0; t < REF.inputs.length; t++) {
      float y = m.step(REF.inputs[t], state);
      assertThat((double) y).as("output at step %d", t).isCloseTo(outputs[t][0], within(TOLERANCE));
      for (int u = 0; u < 5; u++) {
        assertThat((double) state.h(0)[u]).as("h[%d] at step %d", u, t).isCloseTo(h[t][u], within(TOLERANCE));
        assertThat((double) state.c(0)[u]).as("c[%d] at step %d", u, t).isCloseTo(c[t][u], within(TOLERANCE));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  void gateActivationsMatchTheReferenceGivenItsPreviousState(Kernels kernels) {
    // The gates are not visible through step(); recompute them from the reference h and c.
    LstmModel m = model(kernels);
    double[][] h = REF.doubles("h");
    double[][] c = REF.doubles("c");
    String[] gates = {"i", "f", "g", "o"};
    float[] pre = new float[20];
    float[] cOut = new float[5];
    float[] hOut = new float[5];
    float[] tanhC = new float[5];
    for (int t = 0; t < REF.inputs.length; t++) {
      float[] hPrev = new float[5];
      float[] cPrev = new float[5];
      for (int u = 0; u < 5 && t > 0; u++) {
        hPrev[u] = (float) h[t - 1][u];
        cPrev[u] = (float) c[t - 1][u];
      }
      kernels.gatePreactivations(m.params, m.layout.weights(0), 20, REF.inputs[t], 0, 3, hPrev, 0, 5,
          m.gateBias, 0, pre, 0);
      kernels.cellForward(pre, 0, cPrev, 0, cOut, 0, hOut, 0, tanhC, 0, 5);
      for (int gate = 0; gate < 4; gate++) {
        double[][] expected = REF.doubles("gates", gates[gate]);
        for (int u = 0; u < 5; u++) {
          assertThat((double) pre[gate * 5 + u]).as("gate %s[%d] at step %d", gates[gate], u, t)
              .isCloseTo(expected[t][u], within(TOLERANCE));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  void lossAndEveryGradientMatchTheSummedSquaredErrorReference(Kernels kernels) {
    LstmModel m = model(kernels);
    Gradients g = Gradients.zerosLike(m);
    double mse = LstmTrainer.lossAndGradients(m, REF.batch(), LossMode.ALL_STEPS, 0, g);
    int terms = REF.inputs.length;
    // Our loss is the mean over the 7 scored terms; the reference's is the sum.
    assertThat(mse * terms).isCloseTo(REF.root.get("loss_sum").doubleValue(), within(1e-5 * 1.5));
    assertThat(mse).isCloseTo(REF.root.get("loss_mean").doubleValue(), within(1e-6));
    StateDict grads = g.toStateDict();
    assertThat(grads.tensors().keySet()).containsExactlyElementsOf(REF.stateDict.tensors().keySet());
    for (Map.Entry<String, Tensor> e : grads.tensors().entrySet()) {
      double[] expected = flatten(REF.doubles("grad_of_loss_sum", e.getKey()));
      Tensor actual = e.getValue();
      assertThat(actual.size()).isEqualTo(expected.length);
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual.at(i) * (double) terms).as("%s[%d]", e.getKey(), i)
            .isCloseTo(expected[i], within(TOLERANCE));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  void meanSquaredErrorScoresLikeTheLoss(Kernels kernels) {
    LstmModel m = model(kernels);
    double mse = LstmTrainer.meanSquaredError(m, REF.batch(), LossMode.ALL_STEPS, 0);
    assertThat(mse).isCloseTo(REF.root.get("loss_mean").doubleValue(), within(1e-6));
  }

  static double[] flatten(double[][] m) {
    return Stream.of(m).flatMapToDouble(java.util.Arrays::stream).toArray();
  }
}

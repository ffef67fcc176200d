package io.tickcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Analytic gradients against central finite differences of the loss, for every element of every
 * parameter tensor.
 *
 * <p>The loss is computed in float, so the difference quotient uses a large step (h = 1e-2, the
 * step actually taken in float as denominator) and Richardson extrapolation of h and h/2 to remove
 * the O(h²) truncation error; what remains is the float rounding of the loss divided by 2h, about
 * 1e-6 per element. Tolerance per element: 2e-4 absolute + 1e-3 relative; per tensor, the norm of
 * the difference within 2e-3 of the norm of the finite-difference gradient plus 1e-6 per element.
 * A wrong term in the backward pass typically misses by 1e-2 relative or more.
 */
class GradientCheckTest {
  static final double H = 1e-2;

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    KernelPaths.available().forEach(k -> {
      for (int layers : new int[] {1, 2}) {
        for (LossMode mode : LossMode.values()) {
          out.add(Arguments.of(k, layers, mode));
        }
      }
    });
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, {1} layer(s), {2}")
  @MethodSource("cases")
  void everyParameterGradientMatchesCentralDifferences(Kernels kernels, int layers, LossMode mode) {
    // H = 17 exercises both whole vectors and the scalar tail of the vector kernels.
    LstmModel model = TestData.model(3, 17, layers, 11 + layers, kernels);
    List<Sequence> batch = TestData.randomSequences(3, 7, 3, 5);
    int burnIn = mode == LossMode.ALL_STEPS ? 2 : 0;
    Gradients g = Gradients.zerosLike(model);
    LstmTrainer.lossAndGradients(model, batch, mode, burnIn, g);
    float[] numeric = new float[model.params.length];
    for (int p = 0; p < numeric.length; p++) {
      numeric[p] = (float) richardson(model, p, params -> LstmTrainer.meanSquaredError(params, batch, mode, burnIn));
    }
    compareTensorByTensor(model.layout, g.values, numeric);
  }

  static Stream<Arguments> multiOutputCases() {
    List<Arguments> out = new ArrayList<>();
    KernelPaths.available().forEach(k -> {
      for (int layers : new int[] {1, 2}) {
        out.add(Arguments.of(k, layers));
      }
    });
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, {1} layer(s), 3 outputs")
  @MethodSource("multiOutputCases")
  void everyParameterGradientOfAThreeOutputHeadWithMissingTargetsMatchesCentralDifferences(Kernels kernels,
      int layers) {
    // Outputs 1 and 2 have no target on the last 1 and 2 steps (NaN): the numeric loss leaves those
    // terms out, so the analytic gradient must too, and must run through every row of the head.
    LstmModel model = TestData.model(3, 17, layers, 3, 31 + layers, kernels);
    List<Sequence> batch = TestData.randomSequences(3, 7, 3, 3, 6);
    int burnIn = 2;
    Gradients g = Gradients.zerosLike(model);
    double loss = LstmTrainer.lossAndGradients(model, batch, LossMode.ALL_STEPS, burnIn, g);
    assertThat(loss).isCloseTo(LstmTrainer.meanSquaredError(model, batch, LossMode.ALL_STEPS, burnIn),
        org.assertj.core.api.Assertions.within(1e-6));
    float[] numeric = new float[model.params.length];
    for (int p = 0; p < numeric.length; p++) {
      numeric[p] = (float) richardson(model, p,
          params -> LstmTrainer.meanSquaredError(params, batch, LossMode.ALL_STEPS, burnIn));
    }
    compareTensorByTensor(model.layout, g.values, numeric);
    Tensor headBias = g.get("head.bias");
    for (int k = 0; k < 3; k++) {
      assertThat(headBias.at(k)).as("head.bias[%d] has a gradient", k).isNotZero();
    }
  }

  @Test
  void truncatedGradientTreatsTheStateEnteringTheLastWindowAsConstant() {
    // LAST_STEP with windows of w steps counted from the start: the gradient must equal the finite
    // difference of a run whose weights are perturbed only during the last window.
    Kernels kernels = VectorSupport.kernels();
    LstmModel model = TestData.model(2, 6, 2, 3, kernels);
    List<Sequence> batch = TestData.randomSequences(2, 9, 2, 8);
    int window = 4;
    Gradients g = Gradients.zerosLike(model);
    LstmTrainer.lossAndGradients(model, batch, LossMode.LAST_STEP, 0, window, g);
    float[] numeric = new float[model.params.length];
    for (int p = 0; p < numeric.length; p++) {
      numeric[p] = (float) richardson(model, p, perturbed -> lastStepLossSwitchingModels(model, perturbed, batch, window));
    }
    compareTensorByTensor(model.layout, g.values, numeric);

    Gradients full = Gradients.zerosLike(model);
    LstmTrainer.lossAndGradients(model, batch, LossMode.LAST_STEP, 0, full);
    assertThat(full.values).as("truncation changes the gradient").isNotEqualTo(g.values);
  }

  static double lastStepLossSwitchingModels(LstmModel before, LstmModel lastWindow, List<Sequence> batch, int window) {
    double sse = 0;
    for (Sequence s : batch) {
      int lastWindowStart = (s.length() - 1) / window * window; // windows are counted from the start
      LstmState state = before.newState();
      float y = 0;
      for (int t = 0; t < s.length(); t++) {
        y = (t < lastWindowStart ? before : lastWindow).step(s.input(t), state);
      }
      double e = y - s.target(s.length() - 1);
      sse += e * e;
    }
    return sse / batch.size();
  }

  interface Loss {
    double of(LstmModel model);
  }

  /** (4 D(h/2) - D(h)) / 3 with D the central difference quotient on parameter p. */
  static double richardson(LstmModel model, int p, Loss loss) {
    return (4 * central(model, p, H / 2, loss) - central(model, p, H, loss)) / 3;
  }

  static double central(LstmModel model, int p, double h, Loss loss) {
    float[] plus = model.params.clone();
    float[] minus = model.params.clone();
    plus[p] = (float) (model.params[p] + h);
    minus[p] = (float) (model.params[p] - h);
    double fPlus = loss.of(new LstmModel(model.layout, plus, model.kernels));
    double fMinus = loss.of(new LstmModel(model.layout, minus, model.kernels));
    return (fPlus - fMinus) / ((double) plus[p] - minus[p]);
  }

  static void compareTensorByTensor(ParameterLayout layout, float[] analytic, float[] numeric) {
    StateDict a = layout.unpack(analytic);
    StateDict n = layout.unpack(numeric);
    for (Map.Entry<String, Tensor> e : n.tensors().entrySet()) {
      Tensor num = e.getValue();
      Tensor ana = a.get(e.getKey());
      double diff2 = 0;
      double norm2 = 0;
      for (int i = 0; i < num.size(); i++) {
        double d = ana.at(i) - num.at(i);
        diff2 += d * d;
        norm2 += (double) num.at(i) * num.at(i);
        assertThat(Math.abs(d)).as("%s[%d]: analytic %s, numeric %s", e.getKey(), i, ana.at(i), num.at(i))
            .isLessThanOrEqualTo(2e-4 + 1e-3 * Math.abs(num.at(i)));
      }
      assertThat(norm2).as("%s has a gradient at all", e.getKey()).isGreaterThan(0);
      assertThat(Math.sqrt(diff2)).as("%s: norm of the difference (gradient norm %s)", e.getKey(), Math.sqrt(norm2))
          .isLessThanOrEqualTo(2e-3 * Math.sqrt(norm2) + 1e-6 * Math.sqrt(num.size()));
    }
  }
}

package io.tickcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scalar and the vector path compute the same model. Float tolerance: 1e-5 absolute on
 * outputs, states and gradients. Element-wise the two paths do identical operations; only the
 * head's dot product sums in a different order, so in practice they differ by a few ulps.
 */
class KernelPathsTest {

  static Kernels vector() {
    assumeTrue(VectorSupport.vector().isPresent(), "jdk.incubator.vector not in this JVM");
    return VectorSupport.vector().get();
  }

  @Test
  void testRunsUseTheVectorPath() {
    // Surefire adds the module (pom property test.jvm.args), so the fast path must be active.
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    assertThat(VectorSupport.activePath()).startsWith("vector (jdk.incubator.vector, ").endsWith(" float lanes)");
  }

  @ParameterizedTest(name = "D={0} H={1} layers={2}")
  @CsvSource({"4,32,1", "4,64,2", "3,17,3", "1,5,1"})
  void stepsAgreeBetweenScalarAndVectorPaths(int d, int h, int layers) {
    LstmModel base = LstmModel.initialise(d, h, layers, 99, 1f);
    LstmModel scalar = base.usingKernels(VectorSupport.scalar());
    LstmModel vec = base.usingKernels(vector());
    LstmState a = scalar.newState();
    LstmState b = vec.newState();
    SplittableRandom r = new SplittableRandom(4);
    float[] x = new float[d];
    for (int t = 0; t < 200; t++) {
      for (int i = 0; i < d; i++) {
        x[i] = (float) (3 * TestData.gaussian(r));
      }
      assertThat(vec.step(x, b)).as("output at step %d", t).isCloseTo(scalar.step(x, a), within(1e-5f));
      for (int k = 0; k < layers; k++) {
        for (int u = 0; u < h; u++) {
          assertThat(b.h(k)[u]).isCloseTo(a.h(k)[u], within(1e-5f));
          assertThat(b.c(k)[u]).isCloseTo(a.c(k)[u], within(1e-5f));
        }
      }
    }
  }

  @ParameterizedTest(name = "D={0} H={1} layers={2} K={3}")
  @CsvSource({"4,32,1,3", "3,17,2,5"})
  void everyOutputAgreesBetweenScalarAndVectorPaths(int d, int h, int layers, int outputs) {
    LstmModel base = LstmModel.initialise(d, h, layers, outputs, 98, 1f);
    LstmModel scalar = base.usingKernels(VectorSupport.scalar());
    LstmModel vec = base.usingKernels(vector());
    LstmState a = scalar.newState();
    LstmState b = vec.newState();
    float[] ya = new float[outputs];
    float[] yb = new float[outputs];
    SplittableRandom r = new SplittableRandom(5);
    float[] x = new float[d];
    for (int t = 0; t < 200; t++) {
      for (int i = 0; i < d; i++) {
        x[i] = (float) (3 * TestData.gaussian(r));
      }
      scalar.stepAll(x, a, ya);
      vec.stepAll(x, b, yb);
      for (int k = 0; k < outputs; k++) {
        assertThat(yb[k]).as("output %d at step %d", k, t).isCloseTo(ya[k], within(1e-5f));
      }
    }
  }

  @Test
  void threeOutputGradientsWithMissingTargetsAgreeBetweenScalarAndVectorPaths() {
    LstmModel base = TestData.model(4, 20, 2, 3, 22, VectorSupport.scalar());
    List<Sequence> batch = TestData.randomSequences(10, 12, 4, 3, 4);
    Gradients gs = Gradients.zerosLike(base);
    Gradients gv = Gradients.zerosLike(base);
    double ls = LstmTrainer.lossAndGradients(base, batch, LossMode.ALL_STEPS, 1, gs);
    double lv = LstmTrainer.lossAndGradients(base.usingKernels(vector()), batch, LossMode.ALL_STEPS, 1, gv);
    assertThat(lv).isCloseTo(ls, within(1e-6));
    for (int i = 0; i < gs.values.length; i++) {
      assertThat(gv.values[i]).as("gradient %d", i).isCloseTo(gs.values[i], within(1e-5f));
    }
  }

  @ParameterizedTest(name = "H={0} layers={1}")
  @CsvSource({"32,1", "20,2"})
  void gradientsAgreeBetweenScalarAndVectorPaths(int h, int layers) {
    LstmModel base = TestData.model(4, h, layers, 21, VectorSupport.scalar());
    List<Sequence> batch = TestData.randomSequences(10, 12, 4, 3);
    Gradients gs = Gradients.zerosLike(base);
    Gradients gv = Gradients.zerosLike(base);
    double ls = LstmTrainer.lossAndGradients(base, batch, LossMode.ALL_STEPS, 1, gs);
    double lv = LstmTrainer.lossAndGradients(base.usingKernels(vector()), batch, LossMode.ALL_STEPS, 1, gv);
    assertThat(lv).isCloseTo(ls, within(1e-6));
    for (int i = 0; i < gs.values.length; i++) {
      assertThat(gv.values[i]).as("gradient %d", i).isCloseTo(gs.values[i], within(1e-5f));
    }
  }

  @Test
  void vectorActivationsAreBitIdenticalToScalarOnes() {
    int lanes = VectorKernels.lanes();
    vector();
    float[] x = new float[lanes * 2000];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble(-12, 12);
    }
    float[] t = new float[lanes];
    float[] s = new float[lanes];
    for (int i = 0; i < x.length; i += lanes) {
      var v = jdk.incubator.vector.FloatVector.fromArray(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED, x, i);
      VectorKernels.tanh(v).intoArray(t, 0);
      VectorKernels.sigmoid(v).intoArray(s, 0);
      for (int k = 0; k < lanes; k++) {
        assertThat(t[k]).isEqualTo(Activations.tanh(x[i + k]));
        assertThat(s[k]).isEqualTo(Activations.sigmoid(x[i + k]));
      }
    }
  }

  @Test
  void activationApproximationsAreWithinTheDocumentedErrorOfTheExactFunctions() {
    double worstTanh = 0;
    double worstSigmoid = 0;
    for (double x = -20; x <= 20; x += 1e-3) {
      worstTanh = Math.max(worstTanh, Math.abs(Activations.tanh((float) x) - Math.tanh((float) x)));
      worstSigmoid = Math.max(worstSigmoid,
          Math.abs(Activations.sigmoid((float) x) - 1 / (1 + Math.exp(-(float) x))));
    }
    assertThat(worstTanh).isLessThan(4e-7);
    assertThat(worstSigmoid).isLessThan(4e-7);
    assertThat(Activations.tanh(0f)).isZero();
    // Saturates within the error bound and never overshoots, so 1 - tanh² stays non-negative.
    assertThat(Activations.tanh(100f)).isBetween(1f - 4e-7f, 1f);
    assertThat(Activations.tanh(-100f)).isBetween(-1f, -1f + 4e-7f);
    assertThat(Activations.sigmoid(-100f)).isBetween(0f, 4e-7f);
  }
}

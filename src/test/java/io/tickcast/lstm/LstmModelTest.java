package io.tickcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Construction, sizes and the contract of {@link LstmModel#step}. */
class LstmModelTest {

  @Test
  void initialisationIsPyTorchsUniformRangeWithTheForgetBiasAdded() {
    int h = 16;
    float bound = (float) (1 / Math.sqrt(h));
    StateDict dict = LstmModel.initialise(3, h, 2, 42, 1f).toStateDict();
    assertThat(dict.tensors().keySet()).containsExactly(
        "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
        "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1",
        "head.weight", "head.bias");
    assertThat(dict.get("lstm.weight_ih_l0").shape()).containsExactly(64, 3);
    assertThat(dict.get("lstm.weight_ih_l1").shape()).containsExactly(64, 16);
    for (var e : dict.tensors().entrySet()) {
      float[] v = e.getValue().values();
      for (int i = 0; i < v.length; i++) {
        boolean forgetBias = e.getKey().startsWith("lstm.bias_ih") && i >= h && i < 2 * h;
        float centre = forgetBias ? 1f : 0f;
        assertThat(v[i] - centre).as("%s[%d]", e.getKey(), i).isBetween(-bound, bound);
      }
    }
    assertThat(LstmModel.initialise(3, h, 2, 42, 1f).toStateDict()).isEqualTo(dict);
    assertThat(LstmModel.initialise(3, h, 2, 43, 1f).toStateDict()).isNotEqualTo(dict);
  }

  @Test
  void parameterCountIsPyTorchs() {
    // sum(p.numel() for p in model.parameters()) for nn.LSTM(4, 32, 2) + nn.Linear(32, 1)
    assertThat(LstmModel.initialise(4, 32, 2, 1, 0f).parameterCount()).isEqualTo(4864 + 8448 + 33);
  }

  @Test
  void zeroHeadModelPredictsZeroButKeepsItsCell() {
    LstmModel m = LstmModel.initialise(2, 8, 1, 3, 0f);
    LstmModel zero = m.withZeroHead();
    LstmState a = m.newState();
    LstmState b = zero.newState();
    for (int t = 0; t < 5; t++) {
      float[] x = {t, -t};
      m.step(x, a);
      assertThat(zero.step(x, b)).isZero();
    }
    assertThat(b).isEqualTo(a);
    assertThat(zero.toStateDict().get("lstm.weight_hh_l0")).isEqualTo(m.toStateDict().get("lstm.weight_hh_l0"));
  }

  @Test
  void stepOnTheScalarPathAllocatesNothing() {
    // The vector path allocates boxed vectors until C2 has compiled it; its 0 B/op is measured by
    // the JMH gc profiler instead. Plain Java allocates nothing even when interpreted.
    LstmModel m = LstmModel.initialise(4, 32, 2, 1, 0f).usingKernels(VectorSupport.scalar());
    LstmState s = m.newState();
    float[] x = {0.1f, 0.2f, 0.3f, 0.4f};
    m.step(x, s); // first step of this thread sizes its scratch
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(tid);
    float sum = 0;
    for (int t = 0; t < 2000; t++) {
      sum += m.step(x, s);
    }
    long allocated = threads.getThreadAllocatedBytes(tid) - before;
    assertThat(sum).isNotNaN();
    assertThat(allocated).isZero();
  }

  @Test
  void concurrentStepsWithSeparateStatesGiveTheSequentialResults() throws Exception {
    LstmModel m = LstmModel.initialise(3, 32, 2, 8, 1f);
    int symbols = 8;
    int steps = 500;
    float[][] expected = new float[symbols][steps];
    for (int s = 0; s < symbols; s++) {
      LstmState st = m.newState();
      for (int t = 0; t < steps; t++) {
        expected[s][t] = m.step(input(s, t), st);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int s = 0; s < symbols; s++) {
        int symbol = s;
        results.add(pool.submit(() -> {
          LstmState st = m.newState();
          float[] out = new float[steps];
          for (int t = 0; t < steps; t++) {
            out[t] = m.step(input(symbol, t), st);
          }
          return out;
        }));
      }
      for (int s = 0; s < symbols; s++) {
        assertThat(results.get(s).get()).containsExactly(expected[s]);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static float[] input(int symbol, int t) {
    return new float[] {(float) Math.sin(symbol + 0.1 * t), (float) Math.cos(0.3 * t), symbol * 0.1f};
  }

  @Test
  void stepRefusesInputsAndStatesOfTheWrongSize() {
    LstmModel m = LstmModel.initialise(3, 4, 1, 1, 0f);
    assertThatThrownBy(() -> m.step(new float[2], m.newState())).hasMessageContaining("expects 3");
    assertThatThrownBy(() -> m.step(new float[3], new LstmState(1, 5))).hasMessageContaining("H=4");
  }

  @Test
  void allFiniteDetectsNonFiniteParameters() {
    LstmModel m = LstmModel.initialise(3, 4, 1, 1, 0f);
    assertThat(m.allFinite()).isTrue();
    float[] p = m.params.clone();
    p[5] = Float.NaN;
    assertThat(new LstmModel(m.layout, p, m.kernels).allFinite()).isFalse();
  }
}

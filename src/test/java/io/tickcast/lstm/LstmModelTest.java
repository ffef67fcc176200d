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
    // ... and + nn.Linear(32, 3)
    assertThat(LstmModel.initialise(4, 32, 2, 3, 1, 0f).parameterCount()).isEqualTo(4864 + 8448 + 99);
  }

  @Test
  void aKOutputInitialisationHasAKRowHeadAndTheCellWeightsOfTheSameSeed() {
    int h = 16;
    float bound = (float) (1 / Math.sqrt(h));
    StateDict one = LstmModel.initialise(3, h, 2, 42, 1f).toStateDict();
    assertThat(LstmModel.initialise(3, h, 2, 1, 42, 1f).toStateDict()).as("K = 1 is the old model").isEqualTo(one);
    LstmModel three = LstmModel.initialise(3, h, 2, 3, 42, 1f);
    assertThat(three.outputCount()).isEqualTo(3);
    StateDict dict = three.toStateDict();
    assertThat(dict.tensors().keySet()).containsExactlyElementsOf(one.tensors().keySet());
    assertThat(dict.get("head.weight").shape()).containsExactly(3, h);
    assertThat(dict.get("head.bias").shape()).containsExactly(3);
    for (String key : one.tensors().keySet()) {
      if (key.startsWith("lstm.")) {
        assertThat(dict.get(key)).as(key).isEqualTo(one.get(key));
      }
    }
    // the head is drawn after the cell, in state_dict order: row 0 of the weight is the one-output head's
    assertThat(java.util.Arrays.copyOf(dict.get("head.weight").values(), h))
        .containsExactly(one.get("head.weight").values());
    for (float v : dict.get("head.weight").values()) {
      assertThat(v).isBetween(-bound, bound);
    }
    for (float v : dict.get("head.bias").values()) {
      assertThat(v).isBetween(-bound, bound);
    }
    assertThat(LstmModel.fromStateDict(dict).toStateDict()).isEqualTo(dict);
  }

  @Test
  void stepAllGivesEveryOutputAndStepGivesTheFirst() {
    LstmModel m = LstmModel.initialise(3, 8, 2, 4, 5, 1f);
    StateDict dict = m.toStateDict();
    float[] w = dict.get("head.weight").values();
    float[] b = dict.get("head.bias").values();
    LstmState all = m.newState();
    LstmState first = m.newState();
    float[] out = new float[5];
    out[4] = 99f;
    for (int t = 0; t < 6; t++) {
      float[] x = input(1, t);
      float y0 = m.stepAll(x, all, out);
      assertThat(m.step(x, first)).isEqualTo(y0).isEqualTo(out[0]);
      float[] top = all.h(1);
      for (int k = 0; k < 4; k++) {
        double expected = b[k];
        for (int u = 0; u < 8; u++) {
          expected += (double) w[k * 8 + u] * top[u];
        }
        assertThat((double) out[k]).as("output %d at step %d", k, t).isCloseTo(expected,
            org.assertj.core.api.Assertions.within(1e-5));
      }
      assertThat(out[4]).as("past K is left alone").isEqualTo(99f);
    }
    assertThat(first).isEqualTo(all);
    assertThatThrownBy(() -> m.stepAll(new float[3], m.newState(), new float[3])).hasMessageContaining("4 outputs");
  }

  @Test
  void withOutputsKeepsTheCellAndPicksOrZeroesEachHeadRow() {
    LstmModel three = LstmModel.initialise(3, 8, 2, 3, 6, 1f);
    LstmModel picked = three.withOutputs(new int[] {2, -1, 0, 2});
    assertThat(picked.outputCount()).isEqualTo(4);
    StateDict a = three.toStateDict();
    StateDict b = picked.toStateDict();
    for (String key : a.tensors().keySet()) {
      if (key.startsWith("lstm.")) {
        assertThat(b.get(key)).as(key).isEqualTo(a.get(key));
      }
    }
    LstmState sa = three.newState();
    LstmState sb = picked.newState();
    float[] ya = new float[3];
    float[] yb = new float[4];
    for (int t = 0; t < 5; t++) {
      three.stepAll(input(2, t), sa, ya);
      picked.stepAll(input(2, t), sb, yb);
      assertThat(yb).containsExactly(ya[2], 0f, ya[0], ya[2]);
    }
    assertThat(LstmModel.initialise(3, 8, 1, 7, 0f).withOutputs(new int[] {0, -1, -1}).outputCount()).isEqualTo(3);
    assertThatThrownBy(() -> three.withOutputs(new int[] {3})).hasMessageContaining("output 3 of a model of 3 outputs");
    assertThatThrownBy(() -> three.withOutputs(new int[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aOneRowHeadImportsAsAOneOutputModel() {
    StateDict dict = LstmModel.initialise(2, 4, 1, 3, 0f).toStateDict();
    assertThat(dict.get("head.weight").shape()).containsExactly(1, 4);
    LstmModel m = LstmModel.fromStateDict(dict);
    assertThat(m.outputCount()).isEqualTo(1);
    float[] out = new float[1];
    assertThat(m.stepAll(new float[] {1, 2}, m.newState(), out)).isEqualTo(m.step(new float[] {1, 2}, m.newState()));
  }

  @Test
  void zeroHeadKeepsTheOutputCountAndPredictsZeroOnEveryOutput() {
    LstmModel zero = LstmModel.initialise(2, 8, 1, 3, 3, 0f).withZeroHead();
    assertThat(zero.outputCount()).isEqualTo(3);
    float[] out = new float[3];
    LstmState s = zero.newState();
    for (int t = 0; t < 5; t++) {
      zero.stepAll(new float[] {t, -t}, s, out);
      assertThat(out).containsOnly(0f);
    }
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
    // the first step of this thread sizes its scratch; a few hundred more pass the one-off 48 bytes
    // that the first steps of a fresh JVM allocate (see stepAllOnTheScalarPathAllocatesNothing)
    for (int t = 0; t < 500; t++) {
      m.step(x, s);
    }
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
  void stepAllOnTheScalarPathAllocatesNothing() {
    LstmModel m = LstmModel.initialise(4, 32, 2, 3, 1, 0f).usingKernels(VectorSupport.scalar());
    LstmState s = m.newState();
    float[] x = {0.1f, 0.2f, 0.3f, 0.4f};
    float[] out = new float[3];
    // more than one step first: in a fresh JVM the first steps allocate 48 bytes once, for step as
    // well (so whichever of the two tests ran first saw them), which are not the step's own
    for (int t = 0; t < 500; t++) {
      m.stepAll(x, s, out);
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(tid);
    float sum = 0;
    for (int t = 0; t < 2000; t++) {
      sum += m.stepAll(x, s, out) + out[2];
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

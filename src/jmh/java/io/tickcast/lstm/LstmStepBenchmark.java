package io.tickcast.lstm;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One inference step (D = 4) next to its arithmetic floor: the multiply-adds of the same
 * matrix-vector products (every layer's 4H × (in + H) gate product, bias included, through the
 * same vector kernel), without σ, tanh, the cell update or the head. The plain-Java step is
 * measured too, for the fallback path, and {@code stepAll} of the same cell with a head of three
 * outputs (horizons 1, 5, 20).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LstmStepBenchmark {
  static final int INPUT_SIZE = 4;

  @Param({"32", "64"})
  int hidden;

  @Param({"1", "2"})
  int layers;

  LstmModel model;
  LstmModel scalarModel;
  LstmModel threeOutputs;
  LstmState state;
  LstmState threeOutputState;
  float[] outputs;
  LstmState scalarState;
  Kernels kernels;
  float[][] inputs;
  float[] gates;
  float[] h;
  int t;

  @Setup
  public void setUp() {
    model = LstmModel.initialise(INPUT_SIZE, hidden, layers, 1, 1f);
    if (!model.kernels.description().startsWith("vector")) {
      throw new IllegalStateException("run with --add-modules jdk.incubator.vector; active: " + model.kernels.description());
    }
    kernels = model.kernels;
    scalarModel = model.usingKernels(VectorSupport.scalar());
    state = model.newState();
    scalarState = scalarModel.newState();
    threeOutputs = LstmModel.initialise(INPUT_SIZE, hidden, layers, 3, 1, 1f);
    threeOutputState = threeOutputs.newState();
    outputs = new float[3];
    inputs = new float[64][INPUT_SIZE];
    java.util.SplittableRandom r = new java.util.SplittableRandom(2);
    for (float[] x : inputs) {
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextDouble(-2, 2);
      }
    }
    gates = new float[4 * hidden];
    h = new float[hidden];
    for (int u = 0; u < hidden; u++) {
      h[u] = (float) r.nextDouble(-1, 1);
    }
  }

  @Benchmark
  public float step() {
    return model.step(inputs[t++ & 63], state);
  }

  @Benchmark
  public float multiplyAddFloor() {
    ParameterLayout l = model.layout;
    float[] in = inputs[t++ & 63];
    for (int k = 0; k < l.numLayers; k++) {
      kernels.gatePreactivations(model.params, l.weights(k), l.gateRows, in, 0, in.length, h, 0, hidden,
          model.gateBias, k * l.gateRows, gates, 0);
      in = h;
    }
    return gates[0];
  }

  @Benchmark
  public float stepAllThreeOutputs() {
    threeOutputs.stepAll(inputs[t++ & 63], threeOutputState, outputs);
    return outputs[0] + outputs[1] + outputs[2];
  }

  @Benchmark
  public float scalarStep() {
    return scalarModel.step(inputs[t++ & 63], scalarState);
  }
}

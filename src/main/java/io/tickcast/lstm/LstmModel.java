package io.tickcast.lstm;

import java.util.SplittableRandom;

/**
 * A stack of 1 to 3 LSTM layers ({@code nn.LSTM(D, H, num_layers)}) and a linear head to K
 * outputs ({@code nn.Linear(H, K)}, K = 1 for a one-output model). Immutable and thread-safe: any
 * number of threads may call {@link #step} and {@link #stepAll} at once, each with its own {@link
 * LstmState}.
 *
 * <p>The cell: i, f, o = σ(W·[x, h] + b), g = tanh(W·[x, h] + b) per gate, c' = f∘c + i∘g,
 * h' = o∘tanh(c'); output k is head.weight[k]·h'(top) + head.bias[k]. σ and tanh are the rational
 * approximations of {@link Activations} (absolute error below 4e-7).
 */
public final class LstmModel {
  /** Per-thread scratch for a step: gate values, tanh(c), and lanes for the head's dot product. */
  private static final ThreadLocal<float[]> STEP_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

  final ParameterLayout layout;
  /** All parameters in {@link ParameterLayout} order; never written after construction. */
  final float[] params;
  /** bias_ih + bias_hh per layer, [layers][4H] flat: the step adds one bias, not two. */
  final float[] gateBias;
  final Kernels kernels;
  private volatile float[][] rowMajor;

  /** Takes ownership of {@code params}. */
  LstmModel(ParameterLayout layout, float[] params, Kernels kernels) {
    if (params.length != layout.size) {
      throw new IllegalArgumentException("expected " + layout.size + " parameters, got " + params.length);
    }
    this.layout = layout;
    this.params = params;
    this.kernels = kernels;
    int rows = layout.gateRows;
    this.gateBias = new float[layout.numLayers * rows];
    for (int k = 0; k < layout.numLayers; k++) {
      for (int r = 0; r < rows; r++) {
        gateBias[k * rows + r] = params[layout.biasIh(k) + r] + params[layout.biasHh(k) + r];
      }
    }
  }

  /**
   * A model from a PyTorch state_dict. The sizes D, H, K and the number of layers are read from the
   * arrays: head.weight of shape {@code (K, H)} and head.bias of shape {@code (K)} give K outputs.
   *
   * @throws WeightFormatException naming the key, for a missing or unexpected key, a wrong shape,
   *     or a non-finite value
   */
  public static LstmModel fromStateDict(StateDict dict) {
    ParameterLayout layout = ParameterLayout.of(dict);
    return new LstmModel(layout, layout.pack(dict), VectorSupport.kernels());
  }

  /** The weights in PyTorch state_dict layout (keys in PyTorch's order). */
  public StateDict toStateDict() {
    return layout.unpack(params);
  }

  /** {@link #initialise(int, int, int, int, long, float)} with one output. */
  public static LstmModel initialise(int inputSize, int hiddenSize, int layers, long seed, float forgetGateBias) {
    return initialise(inputSize, hiddenSize, layers, 1, seed, forgetGateBias);
  }

  /**
   * PyTorch's initialisation: every parameter of the LSTM and of the head uniform in ±1/√H (what
   * {@code nn.LSTM} and {@code nn.Linear(H, K)} do), drawn in state_dict order from a generator
   * seeded with {@code seed}; then {@code forgetGateBias} is added to bias_ih's f block (a
   * positive value such as 1 makes the cell remember by default). The head comes last in that
   * order, so the cell weights of a seed do not depend on K, and K = 1 gives the model of the
   * five-argument overload.
   *
   * @param outputs K, the head's outputs (&gt;= 1)
   */
  public static LstmModel initialise(int inputSize, int hiddenSize, int layers, int outputs, long seed,
      float forgetGateBias) {
    ParameterLayout layout = new ParameterLayout(inputSize, hiddenSize, layers, outputs);
    SplittableRandom random = new SplittableRandom(seed);
    double bound = 1.0 / Math.sqrt(hiddenSize);
    StateDict shapes = layout.unpack(new float[layout.size]);
    StateDict dict = new StateDict();
    for (var e : shapes.tensors().entrySet()) {
      float[] v = new float[e.getValue().size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) random.nextDouble(-bound, bound);
      }
      if (e.getKey().startsWith("lstm.bias_ih_l")) {
        for (int u = hiddenSize; u < 2 * hiddenSize; u++) {
          v[u] += forgetGateBias;
        }
      }
      dict.put(e.getKey(), Tensor.of(v, e.getValue().shape()));
    }
    return new LstmModel(layout, layout.pack(dict), VectorSupport.kernels());
  }

  /**
   * The same cell weights with head weight and bias zero, K outputs as this model: a model that
   * always predicts 0.
   */
  public LstmModel withZeroHead() {
    float[] p = params.clone();
    java.util.Arrays.fill(p, layout.headWeightOffset, layout.headBiasOffset + layout.outputs, 0f);
    return new LstmModel(layout, p, kernels);
  }

  /**
   * The same cell with a head of {@code rows.length} outputs: output k is this model's output
   * {@code rows[k]}, or a zero output (weights and bias 0) where {@code rows[k]} is negative. A
   * warm start for a model of other outputs: the kept outputs predict as before, the new ones start
   * at 0.
   *
   * @throws IllegalArgumentException for no rows, or a row past this model's outputs
   */
  public LstmModel withOutputs(int[] rows) {
    ParameterLayout to = new ParameterLayout(layout.inputSize, layout.hiddenSize, layout.numLayers, rows.length);
    int hidden = layout.hiddenSize;
    float[] p = new float[to.size];
    System.arraycopy(params, 0, p, 0, layout.headWeightOffset);
    for (int k = 0; k < rows.length; k++) {
      int from = rows[k];
      if (from >= layout.outputs) {
        throw new IllegalArgumentException("output " + from + " of a model of " + layout.outputs + " outputs");
      }
      if (from >= 0) {
        System.arraycopy(params, layout.headWeightOffset + from * hidden, p, to.headWeightOffset + k * hidden, hidden);
        p[to.headBiasOffset + k] = params[layout.headBiasOffset + from];
      }
    }
    return new LstmModel(to, p, kernels);
  }

  /** The same weights computed by other kernels (tests compare the scalar and vector paths). */
  LstmModel usingKernels(Kernels other) {
    return new LstmModel(layout, params, other);
  }

  public int inputSize() {
    return layout.inputSize;
  }

  public int hiddenSize() {
    return layout.hiddenSize;
  }

  public int numLayers() {
    return layout.numLayers;
  }

  /** K, the number of outputs of the head. */
  public int outputCount() {
    return layout.outputs;
  }

  /** The number of scalar parameters, as PyTorch counts them (both bias vectors included). */
  public int parameterCount() {
    return layout.size;
  }

  /** A zero state of the right size for this model. */
  public LstmState newState() {
    return new LstmState(layout.numLayers, layout.hiddenSize);
  }

  /**
   * Advances {@code state} by one input and returns output 0 (the only output of a one-output
   * model). Allocates nothing once the calling thread has run a step of a model this size.
   *
   * @param x the input vector, length {@link #inputSize()}
   */
  public float step(float[] x, LstmState state) {
    float[] scratch = scratch(layout.gateRows + layout.hiddenSize + 64);
    float[] top = advance(x, state, scratch);
    return params[layout.headBiasOffset]
        + kernels.dot(params, layout.headWeightOffset, top, 0, layout.hiddenSize, scratch);
  }

  /**
   * Advances {@code state} by one input, writes the K outputs to {@code out[0 .. K)} and returns
   * {@code out[0]}, the value {@link #step} returns. Allocates nothing once the calling thread has
   * run a step of a model this size.
   *
   * @param x the input vector, length {@link #inputSize()}
   * @param out at least {@link #outputCount()} long; entries past K are left alone
   */
  public float stepAll(float[] x, LstmState state, float[] out) {
    int outputs = layout.outputs;
    if (out.length < outputs) {
      throw new IllegalArgumentException("output array has " + out.length + " entries, model has " + outputs + " outputs");
    }
    int hidden = layout.hiddenSize;
    float[] scratch = scratch(layout.gateRows + hidden + 64);
    float[] top = advance(x, state, scratch);
    for (int k = 0; k < outputs; k++) {
      out[k] = params[layout.headBiasOffset + k]
          + kernels.dot(params, layout.headWeightOffset + k * hidden, top, 0, hidden, scratch);
    }
    return out[0];
  }

  /** Runs the layers of one step on {@code state} and returns the top layer's new h (the state's own array). */
  private float[] advance(float[] x, LstmState state, float[] scratch) {
    if (x.length != layout.inputSize) {
      throw new IllegalArgumentException("input has " + x.length + " values, model expects " + layout.inputSize);
    }
    int hidden = layout.hiddenSize;
    int rows = layout.gateRows;
    if (!state.hasSize(layout.numLayers, hidden)) {
      throw new IllegalArgumentException(
          "state is " + state + ", model needs layers=" + layout.numLayers + " H=" + hidden);
    }
    float[] in = x;
    for (int k = 0; k < layout.numLayers; k++) {
      float[] h = state.h(k);
      float[] c = state.c(k);
      kernels.gatePreactivations(params, layout.weights(k), rows, in, 0, in.length, h, 0, hidden,
          gateBias, k * rows, scratch, 0);
      kernels.cellForward(scratch, 0, c, 0, c, 0, h, 0, scratch, rows, hidden);
      in = h;
    }
    return in;
  }

  private static float[] scratch(int size) {
    float[] s = STEP_SCRATCH.get();
    if (s.length < size) {
      s = new float[size];
      STEP_SCRATCH.set(s);
    }
    return s;
  }

  /**
   * Each layer's combined matrix in row-major order {@code [4H][in + H]} (i.e. weight_ih and
   * weight_hh side by side): the backward pass sweeps it by rows to get W^T·dgates without
   * horizontal sums. Computed on first use; a race only computes the same arrays twice.
   */
  float[][] rowMajorWeights() {
    float[][] rm = rowMajor;
    if (rm == null) {
      int rows = layout.gateRows;
      rm = new float[layout.numLayers][];
      for (int k = 0; k < layout.numLayers; k++) {
        int cols = layout.cols(k);
        int w = layout.weights(k);
        float[] m = new float[rows * cols];
        for (int j = 0; j < cols; j++) {
          for (int r = 0; r < rows; r++) {
            m[r * cols + j] = params[w + j * rows + r];
          }
        }
        rm[k] = m;
      }
      rowMajor = rm;
    }
    return rm;
  }

  /** True when no parameter is NaN or infinite. */
  public boolean allFinite() {
    for (float v : params) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "LstmModel[" + layout + ", " + layout.size + " parameters, " + kernels.description() + "]";
  }
}

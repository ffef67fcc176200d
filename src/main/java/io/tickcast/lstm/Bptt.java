package io.tickcast.lstm;

/**
 * Forward and backward pass of one sequence: the workspace of one worker thread. Keeps every
 * step's activations, then walks back through time accumulating the gradient of the summed
 * squared error into a caller's array in {@link ParameterLayout} order. The error sums over the
 * scored steps and, within a step, over the K outputs whose target is present (not NaN); every
 * output counts alike.
 *
 * <p>Weight gradients are not accumulated step by step: the gate gradients of all steps are kept,
 * and {@code dW = sum_t dgates_t ⊗ [in_t, h_{t-1}]} is formed once per sequence, which reads each
 * gradient column once instead of once per step.
 */
final class Bptt {
  private final ParameterLayout layout;
  private final Kernels kernels;
  private int capacity;

  /** Output and its error gradient per step and output, {@code [steps * K]}. */
  private float[] dy;
  private float[] y;
  private float[][] act;
  private float[][] cs;
  private float[][] hs;
  private float[][] tanhC;
  private float[][] dGates;
  private final float[][] dhRecurrent;
  private final float[][] dc;
  private final float[] dh;
  private final float[] dz;
  private final float[] biasSum;
  private final float[] scratch = new float[64];

  /** Squared-error sum and scored-term count of the last {@link #run}. */
  double sumSquaredError;
  int scoredTerms;

  Bptt(ParameterLayout layout, Kernels kernels) {
    this.layout = layout;
    this.kernels = kernels;
    int n = layout.numLayers;
    int h = layout.hiddenSize;
    dhRecurrent = new float[n][h];
    dc = new float[n][h];
    dh = new float[h];
    dz = new float[layout.cols(0) + layout.cols(n - 1)];
    biasSum = new float[layout.gateRows];
    ensureCapacity(1);
  }

  private void ensureCapacity(int steps) {
    if (steps <= capacity) {
      return;
    }
    int n = layout.numLayers;
    int h = layout.hiddenSize;
    int rows = layout.gateRows;
    y = new float[steps * layout.outputs];
    dy = new float[steps * layout.outputs];
    act = new float[n][steps * rows];
    dGates = new float[n][steps * rows];
    cs = new float[n][(steps + 1) * h];
    hs = new float[n][(steps + 1) * h];
    tanhC = new float[n][steps * h];
    capacity = steps;
  }

  /**
   * Runs {@code seq} from a zero state, scores it, and adds the gradient of its summed squared
   * error to {@code grad}, cutting the flow back through time every {@code window} steps.
   */
  void run(LstmModel model, Sequence seq, LossMode mode, int burnIn, int window, float[] grad) {
    int steps = seq.length;
    int outputs = layout.outputs;
    ensureCapacity(steps);
    forward(model, seq);
    double sse = 0;
    int count = 0;
    for (int t = 0; t < steps; t++) {
      boolean scored = mode.scores(t, steps, burnIn);
      for (int k = t * outputs; k < (t + 1) * outputs; k++) {
        float target = seq.targets[k];
        if (scored && !Float.isNaN(target)) {
          float e = y[k] - target;
          sse += (double) e * e;
          dy[k] = 2f * e;
          count++;
        } else {
          dy[k] = 0f;
        }
      }
    }
    sumSquaredError = sse;
    scoredTerms = count;
    if (count > 0) {
      backward(model, seq, window, grad);
    }
  }

  private void forward(LstmModel model, Sequence seq) {
    float[] p = model.params;
    int steps = seq.length;
    int n = layout.numLayers;
    int h = layout.hiddenSize;
    int rows = layout.gateRows;
    int d = layout.inputSize;
    int outputs = layout.outputs;
    for (int k = 0; k < n; k++) {
      java.util.Arrays.fill(cs[k], 0, h, 0f);
      java.util.Arrays.fill(hs[k], 0, h, 0f);
    }
    int top = n - 1;
    for (int t = 0; t < steps; t++) {
      for (int k = 0; k < n; k++) {
        float[] in = k == 0 ? seq.inputs : hs[k - 1];
        int inOff = k == 0 ? t * d : (t + 1) * h;
        kernels.gatePreactivations(p, layout.weights(k), rows, in, inOff, layout.in(k), hs[k], t * h, h,
            model.gateBias, k * rows, act[k], t * rows);
        kernels.cellForward(act[k], t * rows, cs[k], t * h, cs[k], (t + 1) * h, hs[k], (t + 1) * h,
            tanhC[k], t * h, h);
      }
      for (int o = 0; o < outputs; o++) {
        y[t * outputs + o] = p[layout.headBiasOffset + o]
            + kernels.dot(p, layout.headWeightOffset + o * h, hs[top], (t + 1) * h, h, scratch);
      }
    }
  }

  private void backward(LstmModel model, Sequence seq, int window, float[] grad) {
    float[] p = model.params;
    float[][] rowMajor = model.rowMajorWeights();
    int steps = seq.length;
    int n = layout.numLayers;
    int h = layout.hiddenSize;
    int rows = layout.gateRows;
    int top = n - 1;
    for (int k = 0; k < n; k++) {
      java.util.Arrays.fill(dhRecurrent[k], 0f);
      java.util.Arrays.fill(dc[k], 0f);
    }
    int headW = layout.headWeightOffset;
    int outputs = layout.outputs;
    for (int t = steps - 1; t >= 0; t--) {
      if (t + 1 < steps && (t + 1) % window == 0) {
        // Truncation: no gradient flows from the next window back into this one.
        for (int k = 0; k < n; k++) {
          java.util.Arrays.fill(dhRecurrent[k], 0f);
          java.util.Arrays.fill(dc[k], 0f);
        }
      }
      System.arraycopy(dhRecurrent[top], 0, dh, 0, h);
      for (int o = 0; o < outputs; o++) {
        float e = dy[t * outputs + o];
        int row = headW + o * h;
        for (int u = 0; u < h; u++) {
          dh[u] += e * p[row + u];
        }
      }
      for (int k = top; k >= 0; k--) {
        kernels.cellBackward(act[k], t * rows, cs[k], t * h, tanhC[k], t * h, dh, 0, dc[k], 0,
            dGates[k], t * rows, h);
        int cols = layout.cols(k);
        // W^T·dgates over the columns that lead somewhere: the bottom layer's input columns do not.
        int from = k == 0 ? layout.inputSize : 0;
        kernels.sweep(rowMajor[k], from, cols, cols - from, dGates[k], t * rows, rows, dz, 0);
        if (k == 0) {
          System.arraycopy(dz, 0, dhRecurrent[0], 0, h);
        } else {
          System.arraycopy(dz, h, dhRecurrent[k], 0, h);
          float[] below = dhRecurrent[k - 1];
          for (int u = 0; u < h; u++) {
            dh[u] = dz[u] + below[u];
          }
        }
      }
    }
    // Parameter gradients, each summed over time in one pass.
    // head.weight[o][u] += sum_t dy[t][o] h_t[u]: output o's row is column o of the outer product
    kernels.accumulateOuterProducts(grad, headW, h, outputs, dy, 0, outputs, hs[top], h, h, steps);
    for (int o = 0; o < outputs; o++) {
      float headBias = 0f;
      for (int t = 0; t < steps; t++) {
        headBias += dy[t * outputs + o];
      }
      grad[layout.headBiasOffset + o] += headBias;
    }
    for (int k = 0; k < n; k++) {
      int w = layout.weights(k);
      int in = layout.in(k);
      if (k == 0) {
        kernels.accumulateOuterProducts(grad, w, rows, in, seq.inputs, 0, in, dGates[0], 0, rows, steps);
      } else {
        kernels.accumulateOuterProducts(grad, w, rows, in, hs[k - 1], h, h, dGates[k], 0, rows, steps);
      }
      kernels.accumulateOuterProducts(grad, w + in * rows, rows, h, hs[k], 0, h, dGates[k], 0, rows, steps);
      java.util.Arrays.fill(biasSum, 0f);
      for (int t = 0; t < steps; t++) {
        kernels.addTo(dGates[k], t * rows, biasSum, 0, rows);
      }
      kernels.addTo(biasSum, 0, grad, layout.biasIh(k), rows);
      kernels.addTo(biasSum, 0, grad, layout.biasHh(k), rows);
    }
  }
}

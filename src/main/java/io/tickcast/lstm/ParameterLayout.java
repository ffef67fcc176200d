package io.tickcast.lstm;

/**
 * Where each parameter lives in the one flat float array that a model, its gradients and the
 * optimiser's moments share.
 *
 * <p>Per layer {@code k}: the input-hidden and hidden-hidden matrices are stored together,
 * transposed, as {@code cols(k) = in(k) + H} columns of {@code 4H} gate rows each (column {@code j}
 * is contiguous). A step then reads the weights as column sweeps: {@code gates += z[j] * column j},
 * which vectorises without horizontal sums. Then {@code bias_ih} and {@code bias_hh} (4H each,
 * kept apart so that export gives back exactly what was imported), then the head weight {@code (K,
 * H)} row-major (PyTorch's {@code nn.Linear(H, K)}: output k's row is contiguous) and bias
 * {@code (K)}. Gate rows are in PyTorch order i, f, g, o.
 */
final class ParameterLayout {
  static final int MAX_LAYERS = 3;

  final int inputSize;
  final int hiddenSize;
  final int numLayers;
  /** K, the head's outputs. */
  final int outputs;
  final int gateRows;
  private final int[] weightOffset;
  private final int[] biasIhOffset;
  private final int[] biasHhOffset;
  final int headWeightOffset;
  final int headBiasOffset;
  final int size;

  /** A layout with a one-output head. */
  ParameterLayout(int inputSize, int hiddenSize, int numLayers) {
    this(inputSize, hiddenSize, numLayers, 1);
  }

  ParameterLayout(int inputSize, int hiddenSize, int numLayers, int outputs) {
    if (inputSize < 1 || hiddenSize < 1 || numLayers < 1 || numLayers > MAX_LAYERS || outputs < 1) {
      throw new IllegalArgumentException(
          "need inputSize >= 1, hiddenSize >= 1, 1 to " + MAX_LAYERS + " layers and outputs >= 1; got D="
              + inputSize + " H=" + hiddenSize + " layers=" + numLayers + " K=" + outputs);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.outputs = outputs;
    this.gateRows = 4 * hiddenSize;
    weightOffset = new int[numLayers];
    biasIhOffset = new int[numLayers];
    biasHhOffset = new int[numLayers];
    int off = 0;
    for (int k = 0; k < numLayers; k++) {
      weightOffset[k] = off;
      off += cols(k) * gateRows;
      biasIhOffset[k] = off;
      off += gateRows;
      biasHhOffset[k] = off;
      off += gateRows;
    }
    headWeightOffset = off;
    off += outputs * hiddenSize;
    headBiasOffset = off;
    off += outputs;
    size = off;
  }

  /** Width of layer k's input: D for the bottom layer, H above it. */
  int in(int layer) {
    return layer == 0 ? inputSize : hiddenSize;
  }

  /** Columns of layer k's combined matrix: its input followed by its own previous h. */
  int cols(int layer) {
    return in(layer) + hiddenSize;
  }

  int weights(int layer) {
    return weightOffset[layer];
  }

  int biasIh(int layer) {
    return biasIhOffset[layer];
  }

  int biasHh(int layer) {
    return biasHhOffset[layer];
  }

  /** True when the flat index belongs to a bias (L2 regularisation leaves biases alone). */
  boolean isBias(int index) {
    if (index >= headBiasOffset && index < headBiasOffset + outputs) {
      return true;
    }
    for (int k = 0; k < numLayers; k++) {
      if (index >= biasIhOffset[k] && index < biasHhOffset[k] + gateRows) {
        return true;
      }
    }
    return false;
  }

  static String weightIhKey(int layer) {
    return "lstm.weight_ih_l" + layer;
  }

  static String weightHhKey(int layer) {
    return "lstm.weight_hh_l" + layer;
  }

  static String biasIhKey(int layer) {
    return "lstm.bias_ih_l" + layer;
  }

  static String biasHhKey(int layer) {
    return "lstm.bias_hh_l" + layer;
  }

  static final String HEAD_WEIGHT = "head.weight";
  static final String HEAD_BIAS = "head.bias";

  /**
   * Reads the sizes from the arrays of a state_dict: D and H from lstm.weight_ih_l0, K from the rows
   * of a two-dimensional head.weight (1 otherwise, so that {@link #pack} names the misshapen head).
   */
  static ParameterLayout of(StateDict dict) {
    Tensor w0 = require(dict, weightIhKey(0));
    int[] s = w0.shape();
    if (s.length != 2 || s[0] == 0 || s[0] % 4 != 0 || s[1] == 0) {
      throw new WeightFormatException(
          weightIhKey(0), "expected shape [4H][D] with H, D >= 1, found " + java.util.Arrays.toString(s));
    }
    int layers = 1;
    while (dict.get(weightIhKey(layers)) != null) {
      layers++;
    }
    if (layers > MAX_LAYERS) {
      throw new WeightFormatException(
          weightIhKey(MAX_LAYERS), "at most " + MAX_LAYERS + " stacked layers are supported");
    }
    Tensor head = dict.get(HEAD_WEIGHT);
    int[] hs = head == null ? new int[0] : head.shape();
    int outputs = hs.length == 2 && hs[0] >= 1 ? hs[0] : 1;
    return new ParameterLayout(s[1], s[0] / 4, layers, outputs);
  }

  /** Packs a state_dict into the flat layout, refusing missing, extra, misshapen or non-finite tensors. */
  float[] pack(StateDict dict) {
    java.util.Set<String> expected = new java.util.HashSet<>();
    float[] p = new float[size];
    int h = hiddenSize;
    for (int k = 0; k < numLayers; k++) {
      Tensor wih = checked(dict, weightIhKey(k), expected, gateRows, in(k));
      Tensor whh = checked(dict, weightHhKey(k), expected, gateRows, h);
      Tensor bih = checked(dict, biasIhKey(k), expected, gateRows);
      Tensor bhh = checked(dict, biasHhKey(k), expected, gateRows);
      int w = weights(k);
      int inK = in(k);
      for (int r = 0; r < gateRows; r++) {
        for (int j = 0; j < inK; j++) {
          p[w + j * gateRows + r] = wih.at(r * inK + j);
        }
        for (int j = 0; j < h; j++) {
          p[w + (inK + j) * gateRows + r] = whh.at(r * h + j);
        }
      }
      bih.copyValuesTo(p, biasIh(k));
      bhh.copyValuesTo(p, biasHh(k));
    }
    checked(dict, HEAD_WEIGHT, expected, outputs, h).copyValuesTo(p, headWeightOffset);
    checked(dict, HEAD_BIAS, expected, outputs).copyValuesTo(p, headBiasOffset);
    for (String key : dict.tensors().keySet()) {
      if (!expected.contains(key)) {
        throw new WeightFormatException(
            key, "unexpected key for an nn.LSTM(" + inputSize + ", " + h + ", num_layers=" + numLayers
                + ") with head nn.Linear(" + h + ", " + outputs + ")");
      }
    }
    return p;
  }

  /** The inverse of {@link #pack}: keys and order as PyTorch's state_dict. */
  StateDict unpack(float[] p) {
    StateDict dict = new StateDict();
    int h = hiddenSize;
    for (int k = 0; k < numLayers; k++) {
      int inK = in(k);
      int w = weights(k);
      float[] wih = new float[gateRows * inK];
      float[] whh = new float[gateRows * h];
      for (int r = 0; r < gateRows; r++) {
        for (int j = 0; j < inK; j++) {
          wih[r * inK + j] = p[w + j * gateRows + r];
        }
        for (int j = 0; j < h; j++) {
          whh[r * h + j] = p[w + (inK + j) * gateRows + r];
        }
      }
      dict.put(weightIhKey(k), Tensor.of(wih, gateRows, inK));
      dict.put(weightHhKey(k), Tensor.of(whh, gateRows, h));
      dict.put(biasIhKey(k), Tensor.of(java.util.Arrays.copyOfRange(p, biasIh(k), biasIh(k) + gateRows), gateRows));
      dict.put(biasHhKey(k), Tensor.of(java.util.Arrays.copyOfRange(p, biasHh(k), biasHh(k) + gateRows), gateRows));
    }
    dict.put(HEAD_WEIGHT, Tensor.of(java.util.Arrays.copyOfRange(p, headWeightOffset, headBiasOffset), outputs, h));
    dict.put(HEAD_BIAS, Tensor.of(java.util.Arrays.copyOfRange(p, headBiasOffset, headBiasOffset + outputs), outputs));
    return dict;
  }

  private static Tensor require(StateDict dict, String key) {
    Tensor t = dict.get(key);
    if (t == null) {
      throw new WeightFormatException(key, "missing");
    }
    return t;
  }

  private static Tensor checked(StateDict dict, String key, java.util.Set<String> seen, int... shape) {
    Tensor t = require(dict, key);
    if (!t.hasShape(shape)) {
      throw new WeightFormatException(
          key, "expected shape " + java.util.Arrays.toString(shape) + ", found "
              + java.util.Arrays.toString(t.shape()));
    }
    for (int i = 0; i < t.size(); i++) {
      if (!Float.isFinite(t.at(i))) {
        throw new WeightFormatException(key, "non-finite value " + t.at(i) + " at flat index " + i);
      }
    }
    seen.add(key);
    return t;
  }

  boolean sameShapeAs(ParameterLayout o) {
    return inputSize == o.inputSize && hiddenSize == o.hiddenSize && numLayers == o.numLayers && outputs == o.outputs;
  }

  @Override
  public String toString() {
    return "D=" + inputSize + " H=" + hiddenSize + " layers=" + numLayers + (outputs == 1 ? "" : " K=" + outputs);
  }
}

package io.tickcast.lstm;

/**
 * The arithmetic of a step and of its backward pass, on flat arrays with offsets. Two
 * implementations: {@link ScalarKernels} (plain Java) and {@code VectorKernels} (the incubating
 * Vector API), chosen once by {@link VectorSupport}.
 *
 * <p>Every element of every output is computed by the same sequence of operations in both
 * implementations (a vector lane does what the scalar loop does for that element; the vector
 * g gate may turn a -0 into +0), except {@link #dot}, whose vector form sums lanes in a fixed tree
 * order. Either way the result does
 * not depend on the thread or on whether the JIT has compiled the code yet.
 */
interface Kernels {

  /** One line for logs, e.g. {@code "scalar"}. */
  String description();

  /**
   * Gate pre-activations of a layer: {@code out[r] = bias[r] + sum_j a[j] w[j][r] + sum_j b[j]
   * w[aLen + j][r]} for {@code r < rows}, where {@code w[j][r] = w[wOff + j*rows + r]}: the layer's
   * input {@code a} and its previous hidden state {@code b} are the columns of one matrix.
   */
  void gatePreactivations(float[] w, int wOff, int rows, float[] a, int aOff, int aLen,
      float[] b, int bOff, int bLen, float[] bias, int biasOff, float[] out, int outOff);

  /**
   * Activates the gates in place (i, f, o by sigmoid, g by tanh; blocks of {@code h} at {@code
   * gOff}), then {@code c = f*cPrev + i*g}, {@code tanhC = tanh(c)}, {@code h = o*tanhC}. {@code
   * cPrev} and {@code cOut} may be the same array at the same offset.
   */
  void cellForward(float[] gates, int gOff, float[] cPrev, int cPrevOff, float[] cOut, int cOutOff,
      float[] hOut, int hOutOff, float[] tanhC, int tOff, int h);

  /** {@code sum_i a[i] b[i]}; {@code scratch} holds at least 64 floats the kernel may overwrite. */
  float dot(float[] a, int aOff, float[] b, int bOff, int n, float[] scratch);

  /**
   * A column sweep from zero: {@code out[i] = sum_s v[s] m[mOff + s*stride + i]} for {@code i < n},
   * {@code s < count}.
   */
  void sweep(float[] m, int mOff, int stride, int n, float[] v, int vOff, int count,
      float[] out, int outOff);

  /**
   * Backward through one cell. Reads the activated gates, cPrev, tanh(c), the gradient {@code dh}
   * reaching h and the gradient {@code dc} reaching c from the next step; writes the gradient of
   * the gate pre-activations to {@code dGates} and replaces {@code dc} by the gradient reaching
   * cPrev.
   */
  void cellBackward(float[] act, int aOff, float[] cPrev, int cPrevOff, float[] tanhC, int tOff,
      float[] dh, int dhOff, float[] dc, int dcOff, float[] dGates, int dgOff, int h);

  /**
   * {@code g[gOff + j*rows + r] += sum_t z[zOff + t*zStride + j] d[dOff + t*dStride + r]} for
   * {@code j < cols}, {@code r < rows}, {@code t < steps}: a weight gradient summed over time.
   */
  void accumulateOuterProducts(float[] g, int gOff, int rows, int cols, float[] z, int zOff,
      int zStride, float[] d, int dOff, int dStride, int steps);

  /** {@code dst[i] += src[i]}. */
  void addTo(float[] src, int srcOff, float[] dst, int dstOff, int n);
}

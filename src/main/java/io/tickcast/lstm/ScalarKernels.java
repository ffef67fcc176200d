package io.tickcast.lstm;

/** Plain-Java kernels: the reference the vector kernels must agree with, and the fallback. */
final class ScalarKernels implements Kernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String description() {
    return "scalar";
  }

  @Override
  public void gatePreactivations(float[] w, int wOff, int rows, float[] a, int aOff, int aLen,
      float[] b, int bOff, int bLen, float[] bias, int biasOff, float[] out, int outOff) {
    for (int r = 0; r < rows; r++) {
      out[outOff + r] = bias[biasOff + r];
    }
    // Column sweeps, so that each output accumulates in the same order as a vector lane does.
    for (int j = 0; j < aLen; j++) {
      axpy(a[aOff + j], w, wOff + j * rows, out, outOff, rows);
    }
    int wb = wOff + aLen * rows;
    for (int j = 0; j < bLen; j++) {
      axpy(b[bOff + j], w, wb + j * rows, out, outOff, rows);
    }
  }

  private static void axpy(float s, float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] = Math.fma(x[xOff + i], s, y[yOff + i]);
    }
  }

  @Override
  public void cellForward(float[] gates, int gOff, float[] cPrev, int cPrevOff, float[] cOut,
      int cOutOff, float[] hOut, int hOutOff, float[] tanhC, int tOff, int h) {
    for (int u = 0; u < h; u++) {
      float i = Activations.sigmoid(gates[gOff + u]);
      float f = Activations.sigmoid(gates[gOff + h + u]);
      float g = Activations.tanh(gates[gOff + 2 * h + u]);
      float o = Activations.sigmoid(gates[gOff + 3 * h + u]);
      gates[gOff + u] = i;
      gates[gOff + h + u] = f;
      gates[gOff + 2 * h + u] = g;
      gates[gOff + 3 * h + u] = o;
      float c = Math.fma(f, cPrev[cPrevOff + u], i * g);
      float tc = Activations.tanh(c);
      cOut[cOutOff + u] = c;
      tanhC[tOff + u] = tc;
      hOut[hOutOff + u] = o * tc;
    }
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n, float[] scratch) {
    float s = 0f;
    for (int i = 0; i < n; i++) {
      s = Math.fma(a[aOff + i], b[bOff + i], s);
    }
    return s;
  }

  @Override
  public void sweep(float[] m, int mOff, int stride, int n, float[] v, int vOff, int count,
      float[] out, int outOff) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = 0f;
    }
    for (int s = 0; s < count; s++) {
      axpy(v[vOff + s], m, mOff + s * stride, out, outOff, n);
    }
  }

  @Override
  public void cellBackward(float[] act, int aOff, float[] cPrev, int cPrevOff, float[] tanhC,
      int tOff, float[] dh, int dhOff, float[] dc, int dcOff, float[] dGates, int dgOff, int h) {
    cellBackwardUnits(0, h, act, aOff, cPrev, cPrevOff, tanhC, tOff, dh, dhOff, dc, dcOff, dGates, dgOff, h);
  }

  /** The cell's backward step for units [from, to): the whole layer here, the tail past the last full vector in VectorKernels. */
  static void cellBackwardUnits(int from, int to, float[] act, int aOff, float[] cPrev, int cPrevOff, float[] tanhC,
      int tOff, float[] dh, int dhOff, float[] dc, int dcOff, float[] dGates, int dgOff, int h) {
    for (int u = from; u < to; u++) {
      float i = act[aOff + u];
      float f = act[aOff + h + u];
      float g = act[aOff + 2 * h + u];
      float o = act[aOff + 3 * h + u];
      float tc = tanhC[tOff + u];
      float dhu = dh[dhOff + u];
      float dcu = dc[dcOff + u] + dhu * o * (1f - tc * tc);
      dGates[dgOff + u] = dcu * g * i * (1f - i);
      dGates[dgOff + h + u] = dcu * cPrev[cPrevOff + u] * f * (1f - f);
      dGates[dgOff + 2 * h + u] = dcu * i * (1f - g * g);
      dGates[dgOff + 3 * h + u] = dhu * tc * o * (1f - o);
      dc[dcOff + u] = dcu * f;
    }
  }

  @Override
  public void accumulateOuterProducts(float[] g, int gOff, int rows, int cols, float[] z, int zOff,
      int zStride, float[] d, int dOff, int dStride, int steps) {
    for (int j = 0; j < cols; j++) {
      int col = gOff + j * rows;
      for (int t = 0; t < steps; t++) {
        axpy(z[zOff + t * zStride + j], d, dOff + t * dStride, g, col, rows);
      }
    }
  }

  @Override
  public void addTo(float[] src, int srcOff, float[] dst, int dstOff, int n) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] += src[srcOff + i];
    }
  }
}

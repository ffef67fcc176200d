package io.tickcast.lstm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the incubating Vector API. Loaded only by {@link VectorSupport}, and only after it has
 * checked that the {@code jdk.incubator.vector} module is in the boot layer, so that nothing else
 * links against it.
 *
 * <p>Matrix products are column sweeps: a block of output lanes is kept in registers while the
 * columns go by, each column adding {@code broadcast(input[j]) * column} with one fused
 * multiply-add per vector. Independent accumulators (eight for the gate product, so that H = 32
 * takes one pass over the columns; four elsewhere) hide the FMA latency. Rows that do not fill a
 * whole vector are done by the same scalar operations as {@link ScalarKernels}.
 */
final class VectorKernels implements Kernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  VectorKernels() {}

  static int lanes() {
    return L;
  }

  @Override
  public String description() {
    return "vector (jdk.incubator.vector, " + L + " float lanes)";
  }

  @Override
  public void gatePreactivations(float[] w, int wOff, int rows, float[] a, int aOff, int aLen,
      float[] b, int bOff, int bLen, float[] bias, int biasOff, float[] out, int outOff) {
    int wb = wOff + aLen * rows;
    int r = 0;
    for (; r + 8 * L <= rows; r += 8 * L) {
      FloatVector acc0 = FloatVector.fromArray(S, bias, biasOff + r);
      FloatVector acc1 = FloatVector.fromArray(S, bias, biasOff + r + L);
      FloatVector acc2 = FloatVector.fromArray(S, bias, biasOff + r + 2 * L);
      FloatVector acc3 = FloatVector.fromArray(S, bias, biasOff + r + 3 * L);
      FloatVector acc4 = FloatVector.fromArray(S, bias, biasOff + r + 4 * L);
      FloatVector acc5 = FloatVector.fromArray(S, bias, biasOff + r + 5 * L);
      FloatVector acc6 = FloatVector.fromArray(S, bias, biasOff + r + 6 * L);
      FloatVector acc7 = FloatVector.fromArray(S, bias, biasOff + r + 7 * L);
      for (int j = 0, col = wOff + r; j < aLen + bLen; j++, col += rows) {
        FloatVector s = FloatVector.broadcast(S, j < aLen ? a[aOff + j] : b[bOff + j - aLen]);
        acc0 = FloatVector.fromArray(S, w, col).fma(s, acc0);
        acc1 = FloatVector.fromArray(S, w, col + L).fma(s, acc1);
        acc2 = FloatVector.fromArray(S, w, col + 2 * L).fma(s, acc2);
        acc3 = FloatVector.fromArray(S, w, col + 3 * L).fma(s, acc3);
        acc4 = FloatVector.fromArray(S, w, col + 4 * L).fma(s, acc4);
        acc5 = FloatVector.fromArray(S, w, col + 5 * L).fma(s, acc5);
        acc6 = FloatVector.fromArray(S, w, col + 6 * L).fma(s, acc6);
        acc7 = FloatVector.fromArray(S, w, col + 7 * L).fma(s, acc7);
      }
      acc0.intoArray(out, outOff + r);
      acc1.intoArray(out, outOff + r + L);
      acc2.intoArray(out, outOff + r + 2 * L);
      acc3.intoArray(out, outOff + r + 3 * L);
      acc4.intoArray(out, outOff + r + 4 * L);
      acc5.intoArray(out, outOff + r + 5 * L);
      acc6.intoArray(out, outOff + r + 6 * L);
      acc7.intoArray(out, outOff + r + 7 * L);
    }
    for (; r + 4 * L <= rows; r += 4 * L) {
      FloatVector acc0 = FloatVector.fromArray(S, bias, biasOff + r);
      FloatVector acc1 = FloatVector.fromArray(S, bias, biasOff + r + L);
      FloatVector acc2 = FloatVector.fromArray(S, bias, biasOff + r + 2 * L);
      FloatVector acc3 = FloatVector.fromArray(S, bias, biasOff + r + 3 * L);
      for (int j = 0, col = wOff + r; j < aLen; j++, col += rows) {
        FloatVector s = FloatVector.broadcast(S, a[aOff + j]);
        acc0 = FloatVector.fromArray(S, w, col).fma(s, acc0);
        acc1 = FloatVector.fromArray(S, w, col + L).fma(s, acc1);
        acc2 = FloatVector.fromArray(S, w, col + 2 * L).fma(s, acc2);
        acc3 = FloatVector.fromArray(S, w, col + 3 * L).fma(s, acc3);
      }
      for (int j = 0, col = wb + r; j < bLen; j++, col += rows) {
        FloatVector s = FloatVector.broadcast(S, b[bOff + j]);
        acc0 = FloatVector.fromArray(S, w, col).fma(s, acc0);
        acc1 = FloatVector.fromArray(S, w, col + L).fma(s, acc1);
        acc2 = FloatVector.fromArray(S, w, col + 2 * L).fma(s, acc2);
        acc3 = FloatVector.fromArray(S, w, col + 3 * L).fma(s, acc3);
      }
      acc0.intoArray(out, outOff + r);
      acc1.intoArray(out, outOff + r + L);
      acc2.intoArray(out, outOff + r + 2 * L);
      acc3.intoArray(out, outOff + r + 3 * L);
    }
    for (; r + L <= rows; r += L) {
      FloatVector acc = FloatVector.fromArray(S, bias, biasOff + r);
      for (int j = 0, col = wOff + r; j < aLen; j++, col += rows) {
        acc = FloatVector.fromArray(S, w, col).fma(FloatVector.broadcast(S, a[aOff + j]), acc);
      }
      for (int j = 0, col = wb + r; j < bLen; j++, col += rows) {
        acc = FloatVector.fromArray(S, w, col).fma(FloatVector.broadcast(S, b[bOff + j]), acc);
      }
      acc.intoArray(out, outOff + r);
    }
    for (; r < rows; r++) {
      float acc = bias[biasOff + r];
      for (int j = 0; j < aLen; j++) {
        acc = Math.fma(w[wOff + j * rows + r], a[aOff + j], acc);
      }
      for (int j = 0; j < bLen; j++) {
        acc = Math.fma(w[wb + j * rows + r], b[bOff + j], acc);
      }
      out[outOff + r] = acc;
    }
  }

  @Override
  public void cellForward(float[] gates, int gOff, float[] cPrev, int cPrevOff, float[] cOut,
      int cOutOff, float[] hOut, int hOutOff, float[] tanhC, int tOff, int h) {
    activateGates(gates, gOff, h);
    int u = 0;
    for (; u + L <= h; u += L) {
      FloatVector i = FloatVector.fromArray(S, gates, gOff + u);
      FloatVector f = FloatVector.fromArray(S, gates, gOff + h + u);
      FloatVector g = FloatVector.fromArray(S, gates, gOff + 2 * h + u);
      FloatVector o = FloatVector.fromArray(S, gates, gOff + 3 * h + u);
      FloatVector c = f.fma(FloatVector.fromArray(S, cPrev, cPrevOff + u), i.mul(g));
      FloatVector tc = tanh(c);
      c.intoArray(cOut, cOutOff + u);
      tc.intoArray(tanhC, tOff + u);
      o.mul(tc).intoArray(hOut, hOutOff + u);
    }
    for (; u < h; u++) {
      float i = gates[gOff + u];
      float f = gates[gOff + h + u];
      float g = gates[gOff + 2 * h + u];
      float o = gates[gOff + 3 * h + u];
      float c = Math.fma(f, cPrev[cPrevOff + u], i * g);
      float tc = Activations.tanh(c);
      cOut[cOutOff + u] = c;
      tanhC[tOff + u] = tc;
      hOut[hOutOff + u] = o * tc;
    }
  }

  /**
   * σ over the i, f, o blocks and tanh over g, in place. One loop with a single (inlined) tanh:
   * C2 stops inlining when a method grows too large, and a vector handed to a method that is not
   * inlined is boxed, i.e. allocated, on every call.
   */
  private static void activateGates(float[] gates, int gOff, int h) {
    for (int block = 0; block < 4; block++) {
      boolean cellInput = block == 2;
      // σ(x) = 0.5 tanh(0.5 x) + 0.5 and tanh(x) = 1 tanh(1 x) + 0 (exact, but for the sign of a
      // zero): one formula, so no vector is merged from two branches, which would box it.
      float scale = cellInput ? 1f : 0.5f;
      float shift = cellInput ? 0f : 0.5f;
      int off = gOff + block * h;
      int u = 0;
      for (; u + L <= h; u += L) {
        tanh(FloatVector.fromArray(S, gates, off + u).mul(scale)).fma(scale, shift).intoArray(gates, off + u);
      }
      for (; u < h; u++) {
        float x = gates[off + u];
        gates[off + u] = cellInput ? Activations.tanh(x) : Activations.sigmoid(x);
      }
    }
  }

  /** Same operations as {@link Activations#tanh}, lane by lane. */
  static FloatVector tanh(FloatVector x) {
    FloatVector xc = x.max(-Activations.CLAMP).min(Activations.CLAMP);
    FloatVector x2 = xc.mul(xc);
    FloatVector p = x2.fma(Activations.A13, Activations.A11);
    p = x2.fma(p, FloatVector.broadcast(S, Activations.A9));
    p = x2.fma(p, FloatVector.broadcast(S, Activations.A7));
    p = x2.fma(p, FloatVector.broadcast(S, Activations.A5));
    p = x2.fma(p, FloatVector.broadcast(S, Activations.A3));
    p = x2.fma(p, FloatVector.broadcast(S, Activations.A1));
    FloatVector q = x2.fma(Activations.B6, Activations.B4);
    q = x2.fma(q, FloatVector.broadcast(S, Activations.B2));
    q = x2.fma(q, FloatVector.broadcast(S, Activations.B0));
    return p.mul(xc).div(q);
  }

  static FloatVector sigmoid(FloatVector x) {
    return tanh(x.mul(0.5f)).fma(0.5f, 0.5f);
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n, float[] scratch) {
    int i = 0;
    float s = 0f;
    if (n >= L) {
      FloatVector acc = FloatVector.zero(S);
      for (; i + L <= n; i += L) {
        acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
      }
      // A fixed summation order of the lanes (reduceLanes may order them differently in compiled
      // and interpreted code).
      acc.intoArray(scratch, 0);
      for (int width = L / 2; width >= 1; width /= 2) {
        for (int k = 0; k < width; k++) {
          scratch[k] += scratch[k + width];
        }
      }
      s = scratch[0];
    }
    for (; i < n; i++) {
      s = Math.fma(a[aOff + i], b[bOff + i], s);
    }
    return s;
  }

  @Override
  public void sweep(float[] m, int mOff, int stride, int n, float[] v, int vOff, int count,
      float[] out, int outOff) {
    int i = 0;
    for (; i + 4 * L <= n; i += 4 * L) {
      FloatVector acc0 = FloatVector.zero(S);
      FloatVector acc1 = FloatVector.zero(S);
      FloatVector acc2 = FloatVector.zero(S);
      FloatVector acc3 = FloatVector.zero(S);
      for (int s = 0, row = mOff + i; s < count; s++, row += stride) {
        FloatVector x = FloatVector.broadcast(S, v[vOff + s]);
        acc0 = FloatVector.fromArray(S, m, row).fma(x, acc0);
        acc1 = FloatVector.fromArray(S, m, row + L).fma(x, acc1);
        acc2 = FloatVector.fromArray(S, m, row + 2 * L).fma(x, acc2);
        acc3 = FloatVector.fromArray(S, m, row + 3 * L).fma(x, acc3);
      }
      acc0.intoArray(out, outOff + i);
      acc1.intoArray(out, outOff + i + L);
      acc2.intoArray(out, outOff + i + 2 * L);
      acc3.intoArray(out, outOff + i + 3 * L);
    }
    for (; i + L <= n; i += L) {
      FloatVector acc = FloatVector.zero(S);
      for (int s = 0, row = mOff + i; s < count; s++, row += stride) {
        acc = FloatVector.fromArray(S, m, row).fma(FloatVector.broadcast(S, v[vOff + s]), acc);
      }
      acc.intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      float acc = 0f;
      for (int s = 0; s < count; s++) {
        acc = Math.fma(m[mOff + s * stride + i], v[vOff + s], acc);
      }
      out[outOff + i] = acc;
    }
  }

  @Override
  public void cellBackward(float[] act, int aOff, float[] cPrev, int cPrevOff, float[] tanhC,
      int tOff, float[] dh, int dhOff, float[] dc, int dcOff, float[] dGates, int dgOff, int h) {
    int u = 0;
    for (; u + L <= h; u += L) {
      FloatVector i = FloatVector.fromArray(S, act, aOff + u);
      FloatVector f = FloatVector.fromArray(S, act, aOff + h + u);
      FloatVector g = FloatVector.fromArray(S, act, aOff + 2 * h + u);
      FloatVector o = FloatVector.fromArray(S, act, aOff + 3 * h + u);
      FloatVector tc = FloatVector.fromArray(S, tanhC, tOff + u);
      FloatVector dhu = FloatVector.fromArray(S, dh, dhOff + u);
      FloatVector dcu = FloatVector.fromArray(S, dc, dcOff + u)
          .add(dhu.mul(o).mul(oneMinus(tc.mul(tc))));
      dcu.mul(g).mul(i).mul(oneMinus(i)).intoArray(dGates, dgOff + u);
      dcu.mul(FloatVector.fromArray(S, cPrev, cPrevOff + u)).mul(f).mul(oneMinus(f))
          .intoArray(dGates, dgOff + h + u);
      dcu.mul(i).mul(oneMinus(g.mul(g))).intoArray(dGates, dgOff + 2 * h + u);
      dhu.mul(tc).mul(o).mul(oneMinus(o)).intoArray(dGates, dgOff + 3 * h + u);
      dcu.mul(f).intoArray(dc, dcOff + u);
    }
    ScalarKernels.cellBackwardUnits(u, h, act, aOff, cPrev, cPrevOff, tanhC, tOff, dh, dhOff, dc, dcOff, dGates, dgOff, h);
  }

  private static FloatVector oneMinus(FloatVector x) {
    return FloatVector.broadcast(S, 1f).sub(x);
  }

  @Override
  public void accumulateOuterProducts(float[] g, int gOff, int rows, int cols, float[] z, int zOff,
      int zStride, float[] d, int dOff, int dStride, int steps) {
    for (int j = 0; j < cols; j++) {
      int col = gOff + j * rows;
      int r = 0;
      for (; r + 4 * L <= rows; r += 4 * L) {
        FloatVector acc0 = FloatVector.fromArray(S, g, col + r);
        FloatVector acc1 = FloatVector.fromArray(S, g, col + r + L);
        FloatVector acc2 = FloatVector.fromArray(S, g, col + r + 2 * L);
        FloatVector acc3 = FloatVector.fromArray(S, g, col + r + 3 * L);
        for (int t = 0, zi = zOff + j, di = dOff + r; t < steps; t++, zi += zStride, di += dStride) {
          FloatVector s = FloatVector.broadcast(S, z[zi]);
          acc0 = FloatVector.fromArray(S, d, di).fma(s, acc0);
          acc1 = FloatVector.fromArray(S, d, di + L).fma(s, acc1);
          acc2 = FloatVector.fromArray(S, d, di + 2 * L).fma(s, acc2);
          acc3 = FloatVector.fromArray(S, d, di + 3 * L).fma(s, acc3);
        }
        acc0.intoArray(g, col + r);
        acc1.intoArray(g, col + r + L);
        acc2.intoArray(g, col + r + 2 * L);
        acc3.intoArray(g, col + r + 3 * L);
      }
      for (; r + L <= rows; r += L) {
        FloatVector acc = FloatVector.fromArray(S, g, col + r);
        for (int t = 0, zi = zOff + j, di = dOff + r; t < steps; t++, zi += zStride, di += dStride) {
          acc = FloatVector.fromArray(S, d, di).fma(FloatVector.broadcast(S, z[zi]), acc);
        }
        acc.intoArray(g, col + r);
      }
      for (; r < rows; r++) {
        float acc = g[col + r];
        for (int t = 0; t < steps; t++) {
          acc = Math.fma(d[dOff + t * dStride + r], z[zOff + t * zStride + j], acc);
        }
        g[col + r] = acc;
      }
    }
  }

  @Override
  public void addTo(float[] src, int srcOff, float[] dst, int dstOff, int n) {
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector.fromArray(S, dst, dstOff + i).add(FloatVector.fromArray(S, src, srcOff + i))
          .intoArray(dst, dstOff + i);
    }
    for (; i < n; i++) {
      dst[dstOff + i] += src[srcOff + i];
    }
  }
}

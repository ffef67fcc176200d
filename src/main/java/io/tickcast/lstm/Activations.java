package io.tickcast.lstm;

/**
 * tanh and the logistic sigmoid as a rational function of fixed operations (multiply, fused
 * multiply-add, divide), shared by the scalar and the vector kernels.
 *
 * <p>Why not {@link Math#tanh}: it costs about 28 ns a call here, more than the whole
 * matrix-vector product of a step; and the Vector API's {@code lanewise(TANH)} is computed by a
 * different routine in compiled and in interpreted code, which would make training results depend
 * on when the JIT got to them. This approximation uses only IEEE-exact operations, so every path
 * and every thread gets the same bits. The coefficients are Eigen's {@code
 * generic_fast_tanh_float} (a 13/6 minimax rational on [-7.9053, 7.9053], beyond which float tanh
 * is ±1); the maximum absolute error against tanh is below 4e-7.
 *
 * <p>sigmoid(x) = 0.5 + 0.5 tanh(x / 2), exactly as an identity, so one approximation serves both.
 */
final class Activations {
  static final float CLAMP = 7.90531110763549805f;
  static final float A1 = 4.89352455891786e-03f;
  static final float A3 = 6.37261928875436e-04f;
  static final float A5 = 1.48572235717979e-05f;
  static final float A7 = 5.12229709037114e-08f;
  static final float A9 = -8.60467152213735e-11f;
  static final float A11 = 2.00018790482477e-13f;
  static final float A13 = -2.76076847742355e-16f;
  static final float B0 = 4.89352518554385e-03f;
  static final float B2 = 2.26843463243900e-03f;
  static final float B4 = 1.18534705686654e-04f;
  static final float B6 = 1.19825839466702e-06f;

  private Activations() {}

  static float tanh(float x) {
    float xc = Math.min(Math.max(x, -CLAMP), CLAMP);
    float x2 = xc * xc;
    float p = Math.fma(x2, A13, A11);
    p = Math.fma(x2, p, A9);
    p = Math.fma(x2, p, A7);
    p = Math.fma(x2, p, A5);
    p = Math.fma(x2, p, A3);
    p = Math.fma(x2, p, A1);
    float q = Math.fma(x2, B6, B4);
    q = Math.fma(x2, q, B2);
    q = Math.fma(x2, q, B0);
    return (p * xc) / q;
  }

  static float sigmoid(float x) {
    return Math.fma(0.5f, tanh(0.5f * x), 0.5f);
  }
}

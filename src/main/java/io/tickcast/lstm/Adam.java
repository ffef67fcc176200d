package io.tickcast.lstm;

/**
 * Adam (Kingma and Ba) with PyTorch's defaults β1 = 0.9, β2 = 0.999, ε = 1e-8, and L2 added to
 * the gradient of weights (not biases) as PyTorch's {@code weight_decay} does.
 */
final class Adam {
  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-8f;

  private final float[] m;
  private final float[] v;
  /** 1 for weights, 0 for biases: which parameters the L2 penalty applies to. */
  private final float[] decays;
  private int t;

  Adam(ParameterLayout layout) {
    m = new float[layout.size];
    v = new float[layout.size];
    decays = new float[layout.size];
    for (int i = 0; i < layout.size; i++) {
      decays[i] = layout.isBias(i) ? 0f : 1f;
    }
  }

  /** Updates {@code params} in place from {@code grad}, which is first multiplied by {@code gradScale}. */
  void step(float[] params, float[] grad, float gradScale, float learningRate, float l2) {
    t++;
    float correction1 = (float) (1 - Math.pow(BETA1, t));
    float correction2 = (float) (1 - Math.pow(BETA2, t));
    for (int i = 0; i < params.length; i++) {
      float g = grad[i] * gradScale + l2 * decays[i] * params[i];
      m[i] = BETA1 * m[i] + (1 - BETA1) * g;
      v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
      float mHat = m[i] / correction1;
      float vHat = v[i] / correction2;
      params[i] -= learningRate * mHat / ((float) Math.sqrt(vHat) + EPSILON);
    }
  }
}

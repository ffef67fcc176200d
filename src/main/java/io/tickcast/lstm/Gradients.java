package io.tickcast.lstm;

/**
 * Gradients of a loss with respect to every parameter of a model, readable in state_dict layout
 * (same keys and shapes as {@link LstmModel#toStateDict()}). Filled by {@link
 * LstmTrainer#lossAndGradients}.
 */
public final class Gradients {
  final ParameterLayout layout;
  /** In {@link ParameterLayout} order. */
  final float[] values;

  Gradients(ParameterLayout layout) {
    this.layout = layout;
    this.values = new float[layout.size];
  }

  /** Zero gradients shaped like {@code model}'s parameters. */
  public static Gradients zerosLike(LstmModel model) {
    return new Gradients(model.layout);
  }

  /** All gradients as tensors keyed like the model's state_dict. */
  public StateDict toStateDict() {
    return layout.unpack(values);
  }

  /** The gradient of one parameter tensor, or {@code null} for an unknown key. */
  public Tensor get(String key) {
    return toStateDict().get(key);
  }

  /** The L2 norm over all parameters. */
  public double norm() {
    double s = 0;
    for (float v : values) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }
}

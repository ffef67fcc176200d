package io.tickcast.lstm;

/**
 * One training sequence: inputs {@code [L][D]} and K targets per step {@code [L][K]}, one per output
 * of the model. A NaN target means "no target": that step's output k is left out of the loss and of
 * the gradient. The model runs the sequence from a zero state. The arrays are copied.
 */
public final class Sequence {
  final int length;
  final int inputSize;
  /** K, the targets per step. */
  final int outputs;
  /** Inputs flattened row-major, {@code [L*D]}. */
  final float[] inputs;
  /** Targets flattened row-major, {@code [L*K]}; NaN where there is none. */
  final float[] targets;

  /** A sequence with one target per step (for a one-output model). */
  public Sequence(float[][] inputs, float[] targets) {
    this(inputs, columns(targets));
  }

  /**
   * A sequence with {@code targets[t].length} targets per step, the same for every step.
   *
   * @param targets {@code [L][K]}, K &gt;= 1; NaN for a missing target
   */
  public Sequence(float[][] inputs, float[][] targets) {
    if (inputs.length == 0 || inputs.length != targets.length) {
      throw new IllegalArgumentException(
          "need one target row per step and at least one step; got " + inputs.length + " inputs, "
              + targets.length + " target rows");
    }
    this.length = inputs.length;
    this.inputSize = inputs[0].length;
    this.outputs = targets[0].length;
    if (inputSize == 0) {
      throw new IllegalArgumentException("empty input vector");
    }
    if (outputs == 0) {
      throw new IllegalArgumentException("empty target row");
    }
    this.inputs = new float[length * inputSize];
    this.targets = new float[length * outputs];
    for (int t = 0; t < length; t++) {
      if (inputs[t].length != inputSize) {
        throw new IllegalArgumentException("step " + t + " has " + inputs[t].length + " inputs, not " + inputSize);
      }
      if (targets[t].length != outputs) {
        throw new IllegalArgumentException("step " + t + " has " + targets[t].length + " targets, not " + outputs);
      }
      System.arraycopy(inputs[t], 0, this.inputs, t * inputSize, inputSize);
      System.arraycopy(targets[t], 0, this.targets, t * outputs, outputs);
    }
  }

  private static float[][] columns(float[] targets) {
    float[][] rows = new float[targets.length][];
    for (int t = 0; t < targets.length; t++) {
      rows[t] = new float[] {targets[t]};
    }
    return rows;
  }

  public int length() {
    return length;
  }

  public int inputSize() {
    return inputSize;
  }

  /** K, the number of targets per step. */
  public int outputCount() {
    return outputs;
  }

  /** A copy of the input at step t. */
  public float[] input(int t) {
    return java.util.Arrays.copyOfRange(inputs, t * inputSize, (t + 1) * inputSize);
  }

  /** The first target of step t (the only one of a one-target sequence); NaN when there is none. */
  public float target(int t) {
    return targets[t * outputs];
  }

  /** Target k of step t; NaN when there is none. */
  public float target(int t, int k) {
    if (k < 0 || k >= outputs) {
      throw new IndexOutOfBoundsException("target " + k + " of " + outputs);
    }
    return targets[t * outputs + k];
  }
}

package io.tickcast.lstm;

/**
 * One training sequence: inputs {@code [L][D]} and a target per step {@code [L]}. The model runs
 * it from a zero state. The arrays are copied.
 */
public final class Sequence {
  final int length;
  final int inputSize;
  /** Inputs flattened row-major, {@code [L*D]}. */
  final float[] inputs;
  final float[] targets;

  public Sequence(float[][] inputs, float[] targets) {
    if (inputs.length == 0 || inputs.length != targets.length) {
      throw new IllegalArgumentException(
          "need one target per step and at least one step; got " + inputs.length + " inputs, "
              + targets.length + " targets");
    }
    this.length = inputs.length;
    this.inputSize = inputs[0].length;
    if (inputSize == 0) {
      throw new IllegalArgumentException("empty input vector");
    }
    this.inputs = new float[length * inputSize];
    for (int t = 0; t < length; t++) {
      if (inputs[t].length != inputSize) {
        throw new IllegalArgumentException("step " + t + " has " + inputs[t].length + " inputs, not " + inputSize);
      }
      System.arraycopy(inputs[t], 0, this.inputs, t * inputSize, inputSize);
    }
    this.targets = targets.clone();
  }

  public int length() {
    return length;
  }

  public int inputSize() {
    return inputSize;
  }

  /** A copy of the input at step t. */
  public float[] input(int t) {
    return java.util.Arrays.copyOfRange(inputs, t * inputSize, (t + 1) * inputSize);
  }

  public float target(int t) {
    return targets[t];
  }
}

package io.tickcast.lstm;

import java.util.Arrays;

/**
 * An immutable dense float tensor in row-major order, as found in a PyTorch {@code state_dict}.
 *
 * <p>Both accessors return copies, so a tensor handed to a model cannot be changed behind its
 * back. A rank-0 tensor (shape {@code []}) holds one value.
 */
public final class Tensor {
  private final int[] shape;
  private final float[] values;

  /** Copies {@code shape} and {@code values}; their sizes must agree. */
  public Tensor(int[] shape, float[] values) {
    long size = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      size *= d;
    }
    if (size != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + size + " values, got " + values.length);
    }
    this.shape = shape.clone();
    this.values = values.clone();
  }

  /** A tensor of the given shape over {@code values} (copied). */
  public static Tensor of(float[] values, int... shape) {
    return new Tensor(shape, values);
  }

  /** A rank-1 tensor. */
  public static Tensor vector(float... values) {
    return new Tensor(new int[] {values.length}, values);
  }

  /** A rank-2 tensor from rectangular rows. */
  public static Tensor matrix(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] flat = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, not " + cols);
      }
      System.arraycopy(rows[r], 0, flat, r * cols, cols);
    }
    return new Tensor(new int[] {rows.length, cols}, flat);
  }

  /** The dimensions (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /** The values in row-major order (a copy). */
  public float[] values() {
    return values.clone();
  }

  public int rank() {
    return shape.length;
  }

  public int size() {
    return values.length;
  }

  /** The value at a flat row-major index, without copying. */
  public float at(int flatIndex) {
    return values[flatIndex];
  }

  boolean hasShape(int... expected) {
    return Arrays.equals(shape, expected);
  }

  /** Copies the values into {@code dst} at {@code offset} without an intermediate array. */
  void copyValuesTo(float[] dst, int offset) {
    System.arraycopy(values, 0, dst, offset, values.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}

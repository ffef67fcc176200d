package io.tickcast.lstm;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The recurrent state of one sequence (one symbol): h and c of every layer, as plain float arrays
 * that {@link LstmModel#step} updates in place. Not thread-safe; a state belongs to one caller at
 * a time.
 *
 * <p>Binary form (big-endian whatever the buffer's order): version byte {@value #FORMAT_VERSION},
 * layer count (1 byte), hidden size (2 bytes, unsigned), then for each layer H floats of h followed
 * by H floats of c. 4 + 8·layers·H bytes.
 */
public final class LstmState {
  static final byte FORMAT_VERSION = 1;
  private static final int HEADER_BYTES = 4;

  private final float[][] h;
  private final float[][] c;

  /** A zero state. */
  public LstmState(int numLayers, int hiddenSize) {
    if (numLayers < 1 || numLayers > 255 || hiddenSize < 1 || hiddenSize > 0xFFFF) {
      throw new IllegalArgumentException("bad state size: layers=" + numLayers + " H=" + hiddenSize);
    }
    h = new float[numLayers][hiddenSize];
    c = new float[numLayers][hiddenSize];
  }

  /** The live hidden-state array of a layer (0 = bottom). */
  public float[] h(int layer) {
    return h[layer];
  }

  /** The live cell-state array of a layer (0 = bottom). */
  public float[] c(int layer) {
    return c[layer];
  }

  public int numLayers() {
    return h.length;
  }

  public int hiddenSize() {
    return h[0].length;
  }

  /** Back to the zero state. */
  public void reset() {
    for (int k = 0; k < h.length; k++) {
      java.util.Arrays.fill(h[k], 0f);
      java.util.Arrays.fill(c[k], 0f);
    }
  }

  /** Copies {@code other}'s values into this state without allocating; sizes must match. */
  public void copyFrom(LstmState other) {
    requireSameSize(other);
    for (int k = 0; k < h.length; k++) {
      System.arraycopy(other.h[k], 0, h[k], 0, h[k].length);
      System.arraycopy(other.c[k], 0, c[k], 0, c[k].length);
    }
  }

  public LstmState copy() {
    LstmState s = new LstmState(numLayers(), hiddenSize());
    s.copyFrom(this);
    return s;
  }

  boolean hasSize(int numLayers, int hiddenSize) {
    return h.length == numLayers && h[0].length == hiddenSize;
  }

  private void requireSameSize(LstmState other) {
    if (!other.hasSize(numLayers(), hiddenSize())) {
      throw new IllegalArgumentException(
          "state sizes differ: layers=" + other.numLayers() + " H=" + other.hiddenSize()
              + " vs layers=" + numLayers() + " H=" + hiddenSize());
    }
  }

  /** Bytes {@link #writeTo} will write. */
  public int serializedSize() {
    return HEADER_BYTES + 2 * Float.BYTES * numLayers() * hiddenSize();
  }

  /** Writes the binary form at the buffer's position and advances it. */
  public void writeTo(ByteBuffer buf) {
    ByteOrder order = buf.order();
    buf.order(ByteOrder.BIG_ENDIAN);
    try {
      buf.put(FORMAT_VERSION);
      buf.put((byte) numLayers());
      buf.putShort((short) hiddenSize());
      // bulk copies through a float view: the same big-endian bytes as putFloat one by one
      for (int k = 0; k < h.length; k++) {
        buf.asFloatBuffer().put(h[k]).put(c[k]);
        buf.position(buf.position() + Float.BYTES * (h[k].length + c[k].length));
      }
    } finally {
      buf.order(order);
    }
  }

  /**
   * Reads the binary form at the buffer's position and advances it.
   *
   * @throws IllegalArgumentException on an unknown version, impossible sizes or too few bytes
   */
  public static LstmState readFrom(ByteBuffer buf) {
    ByteOrder order = buf.order();
    buf.order(ByteOrder.BIG_ENDIAN);
    try {
      byte version = buf.get();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("unknown LSTM state format version " + version);
      }
      int layers = Byte.toUnsignedInt(buf.get());
      int hidden = Short.toUnsignedInt(buf.getShort());
      if (layers < 1 || hidden < 1) {
        throw new IllegalArgumentException("bad LSTM state sizes: layers=" + layers + " H=" + hidden);
      }
      long need = 2L * Float.BYTES * layers * hidden;
      if (buf.remaining() < need) {
        throw new IllegalArgumentException(
            "truncated LSTM state: need " + need + " bytes, have " + buf.remaining());
      }
      LstmState s = new LstmState(layers, hidden);
      for (int k = 0; k < layers; k++) {
        buf.asFloatBuffer().get(s.h[k]).get(s.c[k]);
        buf.position(buf.position() + 2 * Float.BYTES * hidden);
      }
      return s;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated LSTM state header", e);
    } finally {
      buf.order(order);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LstmState s
        && java.util.Arrays.deepEquals(h, s.h)
        && java.util.Arrays.deepEquals(c, s.c);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.deepHashCode(h) + java.util.Arrays.deepHashCode(c);
  }

  @Override
  public String toString() {
    return "LstmState[layers=" + numLayers() + ", H=" + hiddenSize() + "]";
  }
}

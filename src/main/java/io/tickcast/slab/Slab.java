package io.tickcast.slab;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian reads and writes of primitive values at byte offsets of a {@code byte[]}: the
 * storage of per-symbol state that is kept in one flat array, so that writing the state to the
 * store is one array copy rather than a hundred field writes.
 *
 * <p>The accessors compile to plain (bounds-checked) loads and stores; offsets are the caller's
 * layout, which need not be aligned.
 */
public final class Slab {
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

  private Slab() {}

  public static long getLong(byte[] b, int offset) {
    return (long) LONG.get(b, offset);
  }

  public static void putLong(byte[] b, int offset, long v) {
    LONG.set(b, offset, v);
  }

  public static int getInt(byte[] b, int offset) {
    return (int) INT.get(b, offset);
  }

  public static void putInt(byte[] b, int offset, int v) {
    INT.set(b, offset, v);
  }

  public static double getDouble(byte[] b, int offset) {
    return (double) DOUBLE.get(b, offset);
  }

  public static void putDouble(byte[] b, int offset, double v) {
    DOUBLE.set(b, offset, v);
  }

  public static float getFloat(byte[] b, int offset) {
    return (float) FLOAT.get(b, offset);
  }

  public static void putFloat(byte[] b, int offset, float v) {
    FLOAT.set(b, offset, v);
  }

  /**
   * Checks that {@code [offset, offset + length)} lies within {@code b}, so that a view over a region
   * fails when it is made rather than at its first access.
   *
   * @return {@code offset}
   */
  public static int checkRegion(byte[] b, int offset, int length) {
    if (offset < 0 || length < 0 || offset > b.length - length) {
      throw new IndexOutOfBoundsException("region [" + offset + ", " + offset + " + " + length + ") outside an array of "
          + b.length + " bytes");
    }
    return offset;
  }
}

package io.tickcast.registry;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronised, resettable in-memory output stream: {@link java.io.ByteArrayOutputStream}
 * takes a lock on every write, which the per-record path does not need since each instance is
 * confined to one thread.
 */
final class ReusableByteOutput extends OutputStream {

  /** A buffer that grew past this (one huge record) is dropped on reset instead of being kept. */
  private static final int RETAINED_CAPACITY = 1 << 20;
  private static final int INITIAL_CAPACITY = 256;

  private byte[] buf = new byte[INITIAL_CAPACITY];
  private int count;

  void reset() {
    count = 0;
    if (buf.length > RETAINED_CAPACITY) {
      buf = new byte[INITIAL_CAPACITY];
    }
  }

  @Override
  public void write(int b) {
    ensure(count + 1);
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(count + len);
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  void writeIntBigEndian(int v) {
    ensure(count + 4);
    buf[count++] = (byte) (v >>> 24);
    buf[count++] = (byte) (v >>> 16);
    buf[count++] = (byte) (v >>> 8);
    buf[count++] = (byte) v;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, count);
  }

  private void ensure(int capacity) {
    if (capacity > buf.length) {
      if (capacity < 0) {
        throw new OutOfMemoryError("record larger than 2 GiB");
      }
      buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
    }
  }
}

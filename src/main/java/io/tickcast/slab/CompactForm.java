package io.tickcast.slab;

import java.util.Arrays;

/**
 * The stored form of a slab in which some doubles are kept as floats: the doubles whose extra
 * precision buys nothing (error averages, learned quantiles, pending forecasts as returns) take 4
 * bytes instead of 8, every other byte is copied as it is. Immutable and shared by every slab of
 * one layout.
 *
 * <p>A slab and its stored form describe the same values only once the slab is {@link #round rounded}:
 * its owner rounds it after every change, so that a value read back from the store continues
 * exactly as the one kept in memory would have.
 */
public final class CompactForm {
  /** Offsets in the slab of the doubles stored as floats, ascending. */
  private final int[] slots;

  private CompactForm(int[] slots) {
    this.slots = slots;
  }

  /** Doubles stored as floats, before {@code length}: how many bytes the stored form saves there. */
  private int slotsBefore(int length) {
    int i = Arrays.binarySearch(slots, length);
    return i >= 0 ? i : -i - 1;
  }

  /** Bytes of the stored form of the first {@code length} bytes of the slab. */
  public int storedBytes(int length) {
    return length - Float.BYTES * slotsBefore(length);
  }

  /** Doubles of the slab kept as floats. */
  public int slotCount() {
    return slots.length;
  }

  /** Rounds each double stored as a float to the nearest float, so that the stored form loses nothing. */
  public void round(byte[] slab) {
    for (int at : slots) {
      Slab.putDouble(slab, at, (float) Slab.getDouble(slab, at));
    }
  }

  /**
   * Writes the stored form of the first {@code length} bytes of {@code slab} to {@code out} from
   * {@code outAt}; returns the offset after it.
   */
  public int write(byte[] slab, int length, byte[] out, int outAt) {
    int from = 0;
    int to = outAt;
    for (int i = 0, n = slotsBefore(length); i < n; i++) {
      int at = slots[i];
      System.arraycopy(slab, from, out, to, at - from);
      to += at - from;
      Slab.putFloat(out, to, (float) Slab.getDouble(slab, at));
      to += Float.BYTES;
      from = at + Double.BYTES;
    }
    System.arraycopy(slab, from, out, to, length - from);
    return to + length - from;
  }

  /**
   * Reads the stored form of the first {@code length} bytes of a slab from {@code in} at {@code
   * inAt} into {@code slab}; returns the offset in {@code in} after it.
   */
  public int read(byte[] in, int inAt, byte[] slab, int length) {
    int from = inAt;
    int to = 0;
    for (int i = 0, n = slotsBefore(length); i < n; i++) {
      int at = slots[i];
      System.arraycopy(in, from, slab, to, at - to);
      from += at - to;
      Slab.putDouble(slab, at, Slab.getFloat(in, from));
      from += Float.BYTES;
      to = at + Double.BYTES;
    }
    System.arraycopy(in, from, slab, to, length - to);
    return from + length - to;
  }

  /** Collects the offsets of the doubles a slab stores as floats, in any order. */
  public static final class Builder {
    private int[] slots = new int[32];
    private int count;

    /** The double at {@code offset} of the slab is stored as a float. */
    public Builder add(int offset) {
      if (count == slots.length) {
        slots = Arrays.copyOf(slots, 2 * count);
      }
      slots[count++] = offset;
      return this;
    }

    /**
     * The form of these slots.
     *
     * @throws IllegalArgumentException if two slots overlap
     */
    public CompactForm build() {
      int[] sorted = Arrays.copyOf(slots, count);
      Arrays.sort(sorted);
      for (int i = 1; i < sorted.length; i++) {
        if (sorted[i] - sorted[i - 1] < Double.BYTES) {
          throw new IllegalArgumentException("doubles stored as floats overlap at offsets " + sorted[i - 1] + " and " + sorted[i]);
        }
      }
      return new CompactForm(sorted);
    }
  }
}

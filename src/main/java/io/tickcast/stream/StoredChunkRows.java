package io.tickcast.stream;

import io.tickcast.forecast.HistorySegment;
import io.tickcast.forecast.OpenChunkRows;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The open history chunks' ticks in a state store of their own ({@link ForecastTopology#CHUNK_ROWS_STORE},
 * changelogged and restored like the symbols' states): one record per tick, range-read when the chunk
 * closes.
 *
 * <p>Key: the symbol's UTF-8 length (2 bytes, big-endian), its UTF-8 bytes, the row number (2 bytes,
 * big-endian), so a symbol's rows are contiguous and in row order, and no other symbol's key falls
 * between them. Value: time, price, volume (NaN for none), little-endian, 24 bytes. Row {@code r} is
 * overwritten by the next chunk's row {@code r}: nothing is deleted, so a tick writes one record of
 * 28 bytes plus its symbol, and the store holds at most {@code history.chunk.ticks} rows per symbol.
 */
final class StoredChunkRows implements OpenChunkRows {
  static final int VALUE_BYTES = 24;
  /** Bytes of a key beside the symbol's: its length and the row number. */
  static final int KEY_EXTRA_BYTES = 4;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
  private final KeyValueStore<Bytes, byte[]> store;

  StoredChunkRows(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  static Bytes key(String symbol, int row) {
    byte[] s = symbol.getBytes(StandardCharsets.UTF_8);
    if (s.length > 0xFFFF || row < 0 || row > 0xFFFF) {
      throw new IllegalArgumentException("no chunk row key for symbol of " + s.length + " bytes, row " + row);
    }
    byte[] k = new byte[s.length + 4];
    k[0] = (byte) (s.length >>> 8);
    k[1] = (byte) s.length;
    System.arraycopy(s, 0, k, 2, s.length);
    k[s.length + 2] = (byte) (row >>> 8);
    k[s.length + 3] = (byte) row;
    return Bytes.wrap(k);
  }

  static int row(Bytes key) {
    byte[] k = key.get();
    return ((k[k.length - 2] & 0xFF) << 8) | (k[k.length - 1] & 0xFF);
  }

  @Override
  public void put(String symbol, int row, long time, double price, double volume) {
    byte[] v = new byte[VALUE_BYTES];
    LONGS.set(v, 0, time);
    DOUBLES.set(v, 8, price);
    DOUBLES.set(v, 16, volume);
    store.put(key(symbol, row), v);
  }

  /**
   * The rows found of the chunk; rows missing from the store (which only a store restored out of step
   * with the states could cause) are left out of the segment, and null is returned if none is found.
   */
  @Override
  public HistorySegment read(String symbol, long chunkIndex, int size) {
    long[] times = new long[size];
    double[] prices = new double[size];
    double[] volumes = new double[size];
    int n = 0;
    try (KeyValueIterator<Bytes, byte[]> it = store.range(key(symbol, 0), key(symbol, size - 1))) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        byte[] v = kv.value;
        if (v == null || v.length != VALUE_BYTES || row(kv.key) >= size) {
          continue;
        }
        times[n] = (long) LONGS.get(v, 0);
        prices[n] = (double) DOUBLES.get(v, 8);
        volumes[n] = (double) DOUBLES.get(v, 16);
        n++;
      }
    }
    if (n == 0) {
      return null;
    }
    if (n < size) {
      times = Arrays.copyOf(times, n);
      prices = Arrays.copyOf(prices, n);
      volumes = Arrays.copyOf(volumes, n);
    }
    return new HistorySegment(symbol, chunkIndex, times, prices, volumes);
  }
}

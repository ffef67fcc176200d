package io.tickcast.stream;

import io.tickcast.forecast.ForecastState;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently seen symbols' states of one processor, decoded: a map bounded in entries and in bytes
 * that forgets the symbol it took in first (insertion order, not access order: an access-ordered map
 * relinks its entries on every read, and the states are decoded again cheaply when a symbol comes
 * back). Kafka Streams' record cache holds serialised bytes, so without this every tick would decode
 * the state again. Not thread-safe: a processor belongs to one stream thread.
 *
 * <p>A state is counted as {@link #heapBytes} bytes: its binary size, the objects that view it and
 * the map entry with its key; an estimate of the heap it holds, within about 10 % for H = 32.
 */
final class DecodedStates {
  /** Heap of a decoded state beyond its binary size: the views over its array, the LSTM state's arrays' headers, the map entry. */
  static final int OVERHEAD_BYTES = 640;

  private final int capacity;
  private final long maxBytes;
  private final Map<String, ForecastState> states = new LinkedHashMap<>(16, 0.75f, false);
  private long bytes;

  DecodedStates(int capacity) {
    this(capacity, Long.MAX_VALUE);
  }

  DecodedStates(int capacity, long maxBytes) {
    if (capacity < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("capacity and bytes must be >= 0: " + capacity + ", " + maxBytes);
    }
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  static long heapBytes(String symbol, ForecastState state) {
    return state.serializedSize() + OVERHEAD_BYTES + 2L * symbol.length();
  }

  ForecastState get(String symbol) {
    return capacity == 0 ? null : states.get(symbol);
  }

  void put(String symbol, ForecastState state) {
    if (capacity == 0) {
      return;
    }
    long weight = heapBytes(symbol, state);
    if (weight > maxBytes) {
      return;
    }
    ForecastState old = states.put(symbol, state);
    if (old != null) {
      bytes -= heapBytes(symbol, old);
    }
    bytes += weight;
    Iterator<Map.Entry<String, ForecastState>> eldest = states.entrySet().iterator();
    while (states.size() > capacity || bytes > maxBytes) {
      Map.Entry<String, ForecastState> e = eldest.next();
      bytes -= heapBytes(e.getKey(), e.getValue());
      eldest.remove();
    }
  }

  void clear() {
    states.clear();
    bytes = 0;
  }

  int size() {
    return states.size();
  }

  /** The heap the held states are counted as ({@link #heapBytes}). */
  long bytes() {
    return bytes;
  }
}

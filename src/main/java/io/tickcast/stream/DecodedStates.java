package io.tickcast.stream;

import io.tickcast.forecast.ForecastState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently seen symbols' states of one processor, decoded: a bounded map that forgets the symbol
 * it took in first (insertion order, not access order: an access-ordered map relinks its entries on
 * every read, and the states are decoded again cheaply when a symbol comes back). Kafka Streams'
 * record cache holds serialised bytes, so without this every tick would decode the state again.
 * Not thread-safe: a processor belongs to one stream thread.
 */
final class DecodedStates {
  private final int capacity;
  private final Map<String, ForecastState> states;

  DecodedStates(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
    }
    this.capacity = capacity;
    this.states = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ForecastState> eldest) {
        return size() > DecodedStates.this.capacity;
      }
    };
  }

  ForecastState get(String symbol) {
    return capacity == 0 ? null : states.get(symbol);
  }

  void put(String symbol, ForecastState state) {
    if (capacity > 0) {
      states.put(symbol, state);
    }
  }

  void clear() {
    states.clear();
  }

  int size() {
    return states.size();
  }
}

package io.tickcast.config;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** A topic's name bundled with its key and value serdes, so no call site pairs them by hand. */
public record TypedTopic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
  public TypedTopic {
    Objects.requireNonNull(name);
    Objects.requireNonNull(keySerde);
    Objects.requireNonNull(valueSerde);
  }
}

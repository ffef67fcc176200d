package io.tickcast.stream;

import io.tickcast.baseline.BaselineSettings;
import io.tickcast.forecast.ForecastState;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serde of the per-symbol state in the {@code forecast-state} store and its changelog: the state's own versioned binary form. */
public final class ForecastStateSerde implements Serde<ForecastState> {
  private final BaselineSettings baselines;

  public ForecastStateSerde(BaselineSettings baselines) {
    this.baselines = baselines;
  }

  @Override
  public Serializer<ForecastState> serializer() {
    return (topic, state) -> state == null ? null : state.toBytes();
  }

  @Override
  public Deserializer<ForecastState> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return ForecastState.fromBytes(bytes, baselines);
      } catch (RuntimeException e) {
        throw new SerializationException("cannot read forecast state from " + topic + ": " + e.getMessage(), e);
      }
    };
  }
}

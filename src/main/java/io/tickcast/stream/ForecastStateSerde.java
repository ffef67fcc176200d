package io.tickcast.stream;

import io.tickcast.baseline.BaselineSettings;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.Horizons;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serde of the per-symbol state in the {@code forecast-state} store and its changelog: the state's own versioned binary form. */
public final class ForecastStateSerde implements Serde<ForecastState> {
  private final BaselineSettings baselines;
  private final Horizons horizons;

  /** States read are laid out for {@code horizons} (a state written for others restarts its horizons after the first). */
  public ForecastStateSerde(BaselineSettings baselines, Horizons horizons) {
    this.baselines = baselines;
    this.horizons = horizons;
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
        return ForecastState.fromBytes(bytes, baselines, horizons);
      } catch (RuntimeException e) {
        throw new SerializationException("cannot read forecast state from " + topic + ": " + e.getMessage(), e);
      }
    };
  }
}

package io.tickcast.stream;

import io.tickcast.schema.Tick;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Wraps the Avro serde of {@link Tick} so the deserialised value keeps its raw bytes. Undecodable
 * bytes throw from here and are handled by {@link DeadLetterDeserializationHandler}.
 */
public final class TickRecordSerde implements Serde<TickRecord> {
  private final Serde<Tick> avro;

  public TickRecordSerde(Serde<Tick> avro) {
    this.avro = avro;
  }

  @Override
  public Serializer<TickRecord> serializer() {
    Serializer<Tick> s = avro.serializer();
    // the bytes as received when there are any (a repartition passes them on unchanged)
    return (topic, r) -> r == null ? null : r.raw() != null ? r.raw() : s.serialize(topic, r.tick());
  }

  @Override
  public Deserializer<TickRecord> deserializer() {
    Deserializer<Tick> d = avro.deserializer();
    return (topic, bytes) -> bytes == null ? null : new TickRecord(d.deserialize(topic, bytes), bytes);
  }
}

package io.tickcast.registry;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for Avro specific records (the classes generated from {@code schemas/}) in Confluent's
 * wire format: magic byte 0, the writer schema's id as a 4-byte big-endian int, then Avro binary.
 *
 * <p>The serializer registers {@code T}'s schema under the topic's subject ({@code <topic>-key} or
 * {@code <topic>-value}) on first use; the deserializer reads any registered writer schema that
 * resolves to {@code T}'s, so records from an older producer are read after an upgrade.
 *
 * <p>Lifecycle: needs no {@link #configure configuration}; {@link #close()} does not close the
 * shared {@link SchemaRegistryClient}, whose owner closes it after every serde built on it is done.
 * One instance may be shared by threads (see {@link AvroSerializer} and {@link AvroDeserializer}).
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  public AvroSerde(SchemaRegistryClient client, Class<T> type, boolean isKey) {
    this.serializer = AvroSerializer.forSpecificRecords(client, type, isKey);
    this.deserializer = new AvroDeserializer<>(client, type);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}

package io.tickcast.registry;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro specific records from Confluent's wire format (see {@link AvroSerde}), resolving the
 * writer's schema (fetched by id, once) to {@code T}'s schema: fields the writer lacked take their
 * defaults, fields the reader lacks are skipped.
 *
 * <p>Thread-safe: each thread keeps, through a {@link ThreadLocal}, its own decoder and its own
 * datum reader per writer schema id, both reused for every record. Schemas come from the client's
 * shared cache, so only the first record with a new id costs a request.
 *
 * <p>A record that cannot be read throws {@link SerializationException} saying why: wrong magic
 * byte, undecodable bytes, or (as its subclass {@link UnknownSchemaException}) a schema id the
 * registry definitely does not know. A registry that cannot be reached, or answers 5xx, throws
 * {@link RegistryException} instead, after the client's retries: the record may be fine.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  private final SchemaRegistryClient client;
  private final Class<T> type;
  private final Schema readerSchema;
  private final SpecificData model;
  private final ThreadLocal<Decoding> decoding = ThreadLocal.withInitial(Decoding::new);

  public AvroDeserializer(SchemaRegistryClient client, Class<T> type) {
    this.client = Objects.requireNonNull(client, "client");
    this.type = Objects.requireNonNull(type, "type");
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length == 0) {
      throw new SerializationException("wrong magic byte: record on topic " + topic
          + " is empty, expected magic byte 0x00 and a schema id");
    }
    if (data[0] != WireFormat.MAGIC_BYTE) {
      throw new SerializationException(String.format(
          "wrong magic byte 0x%02x (expected 0x00): record of %d bytes on topic %s is not in the"
              + " schema registry wire format", data[0] & 0xff, data.length, topic));
    }
    if (data.length < WireFormat.HEADER_SIZE) {
      throw new SerializationException("undecodable bytes: record on topic " + topic + " has " + data.length
          + " bytes, fewer than the 5-byte header (magic byte and schema id), target type " + type.getName());
    }
    int id = WireFormat.schemaId(data);
    return decoding.get().decode(id, data, topic);
  }

  private DatumReader<T> newReader(int id, String topic) {
    Schema writerSchema;
    try {
      writerSchema = client.getById(id);
    } catch (RegistryException e) {
      if (e.isNotFound()) {
        throw new UnknownSchemaException("unknown schema id " + id + ": not found in schema registry "
            + client.url() + " (record on topic " + topic + ")", id, e);
      }
      throw e;
    }
    return new SpecificDatumReader<>(writerSchema, readerSchema, model);
  }

  private final class Decoding {
    private final Map<Integer, DatumReader<T>> readers = new HashMap<>();
    private BinaryDecoder decoder;

    T decode(int id, byte[] data, String topic) {
      DatumReader<T> reader = readers.get(id);
      if (reader == null) {
        reader = newReader(id, topic);
        readers.put(id, reader);
      }
      try {
        decoder = DecoderFactory.get().binaryDecoder(
            data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, decoder);
        T value = reader.read(null, decoder);
        if (!decoder.isEnd()) {
          throw new IOException("bytes left over after the record: the writer schema does not describe them");
        }
        return value;
      } catch (IOException | RuntimeException e) {
        throw new SerializationException("undecodable bytes: schema id " + id + ", target type " + type.getName()
            + ", record of " + data.length + " bytes on topic " + topic + ": " + e, e);
      }
    }
  }
}

package io.tickcast.registry;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in Confluent's wire format (see {@link AvroSerde}).
 *
 * <p>On the first record for a topic it registers {@code T}'s schema under the topic's subject
 * (one HTTP request per topic and instance, none when the client already has it cached) and then
 * reuses the id. Thread-safe: the id cache is concurrent, and each thread gets its own output
 * buffer, encoder and datum writer through a {@link ThreadLocal}, reused for every record.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  private final SchemaRegistryClient client;
  private final Class<T> type;
  private final boolean isKey;
  private final Schema schema;
  private final SpecificData model;
  private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();
  private final ThreadLocal<Encoding> encoding;

  public AvroSerializer(SchemaRegistryClient client, Class<T> type, boolean isKey) {
    this.client = Objects.requireNonNull(client, "client");
    this.type = Objects.requireNonNull(type, "type");
    this.isKey = isKey;
    this.model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.encoding = ThreadLocal.withInitial(() -> new Encoding(new SpecificDatumWriter<>(schema, model)));
  }

  /** The schema this serializer writes with. */
  public Schema schema() {
    return schema;
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    int id = schemaId(topic);
    try {
      return encoding.get().encode(id, record);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot encode " + type.getName() + " as Avro for topic " + topic
          + " (schema id " + id + "): " + e, e);
    }
  }

  private int schemaId(String topic) {
    Integer id = idByTopic.get(topic);
    if (id != null) {
      return id;
    }
    String subject = Subjects.of(topic, isKey);
    int registered;
    try {
      registered = client.register(subject, schema);
    } catch (RegistryException e) {
      if (e.httpStatus() >= 400 && e.httpStatus() < 500) {
        // The registry refused this schema (e.g. 409 incompatible): the record cannot be written.
        throw new SerializationException("schema of " + type.getName() + " refused under subject " + subject
            + " by schema registry " + client.url() + ": " + e.getMessage(), e);
      }
      throw e; // unreachable registry: not the record's fault, let the caller retry or stop
    }
    idByTopic.putIfAbsent(topic, registered);
    return registered;
  }

  private final class Encoding {
    private final DatumWriter<T> writer;
    private final ReusableByteOutput out = new ReusableByteOutput();
    private BinaryEncoder encoder;

    Encoding(DatumWriter<T> writer) {
      this.writer = writer;
    }

    byte[] encode(int id, T record) throws IOException {
      out.reset();
      out.write(WireFormat.MAGIC_BYTE);
      out.writeIntBigEndian(id);
      // binaryEncoder(out, reuse) resets the reused encoder's buffer, so a record that failed
      // half-way leaves nothing behind for the next one.
      encoder = EncoderFactory.get().binaryEncoder(out, encoder);
      writer.write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    }
  }
}

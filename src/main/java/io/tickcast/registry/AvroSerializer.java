package io.tickcast.registry;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
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
 * Writes Avro records in Confluent's wire format (see {@link AvroSerde}): specific records through
 * Avro's {@link SpecificDatumWriter}, or any Java type through a {@link DatumWriter} written for
 * the schema (see {@link #AvroSerializer(SchemaRegistryClient, Schema, String, boolean, Supplier)}).
 *
 * <p>On the first record for a topic it registers the schema under the topic's subject (one HTTP
 * request per topic and instance, none when the client already has it cached) and then reuses the
 * id. Thread-safe: the id cache is concurrent, and each thread gets its own output buffer, encoder
 * and datum writer through a {@link ThreadLocal}, reused for every record.
 */
public final class AvroSerializer<T> implements Serializer<T> {

  private final SchemaRegistryClient client;
  private final String typeName;
  private final boolean isKey;
  private final Schema schema;
  private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();
  private final ThreadLocal<Encoding> encoding;

  /** Writes specific records of {@code type} with their own schema. */
  public static <R extends SpecificRecord> AvroSerializer<R> forSpecificRecords(SchemaRegistryClient client, Class<R> type,
      boolean isKey) {
    Objects.requireNonNull(type, "type");
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    return new AvroSerializer<>(client, schema, type.getName(), isKey, () -> new SpecificDatumWriter<>(schema, model));
  }

  /**
   * Writes values with {@code schema} through the writers {@code writers} makes (one per thread):
   * for a Java type that is not the schema's generated class but is written as one.
   *
   * @param typeName what the values are, for error messages
   */
  public AvroSerializer(SchemaRegistryClient client, Schema schema, String typeName, boolean isKey,
      Supplier<? extends DatumWriter<T>> writers) {
    this.client = Objects.requireNonNull(client, "client");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.typeName = Objects.requireNonNull(typeName, "typeName");
    this.isKey = isKey;
    Objects.requireNonNull(writers, "writers");
    this.encoding = ThreadLocal.withInitial(() -> {
      DatumWriter<T> writer = writers.get();
      writer.setSchema(schema);
      return new Encoding(writer);
    });
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
      throw new SerializationException("cannot encode " + typeName + " as Avro for topic " + topic
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
        throw new SerializationException("schema of " + typeName + " refused under subject " + subject
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

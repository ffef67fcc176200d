package io.tickcast.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.schema.ForecastSource;
import io.tickcast.schema.Prediction;
import io.tickcast.schema.Tick;
import io.tickcast.testsupport.SharedRegistry;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The serde against a real registry. */
class AvroSerdeIT {

  private SchemaRegistryClient client;
  private String topic;

  @BeforeEach
  void newClientAndTopic() {
    client = new SchemaRegistryClient(RegistryConfig.of(SharedRegistry.url()));
    topic = "serde-it-" + UUID.randomUUID();
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  static List<SpecificRecord> everyRecordType() {
    return SampleRecords.all();
  }

  @ParameterizedTest
  @MethodSource("everyRecordType")
  <T extends SpecificRecord> void everyRecordTypeRoundTrips(T record) {
    AvroSerde<T> serde = serdeFor(record, false);

    byte[] bytes = serde.serializer().serialize(topic, record);
    T read = serde.deserializer().deserialize(topic, bytes);

    assertThat(read).isEqualTo(record).isNotSameAs(record);
  }

  @ParameterizedTest
  @MethodSource("everyRecordType")
  <T extends SpecificRecord> void bytesAreMagicByteSchemaIdThenPlainAvro(T record) throws IOException {
    AvroSerde<T> serde = serdeFor(record, false);

    byte[] bytes = serde.serializer().serialize(topic, record);

    assertThat(bytes[0]).isEqualTo((byte) 0);
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    try (SchemaRegistryClient fresh = new SchemaRegistryClient(RegistryConfig.of(SharedRegistry.url()))) {
      assertThat(fresh.getById(id)).isEqualTo(record.getSchema());
      assertThat(fresh.latest(Subjects.value(topic)).id()).isEqualTo(id);
    }
    @SuppressWarnings("unchecked")
    SpecificDatumReader<T> plain = new SpecificDatumReader<>((Class<T>) record.getClass());
    var decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
    assertThat(plain.read(null, decoder)).isEqualTo(record);
    assertThat(decoder.isEnd()).isTrue();
  }

  @Test
  void keySerdeRegistersUnderTheKeySubject() {
    AvroSerde<Tick> keySerde = new AvroSerde<>(client, Tick.class, true);

    byte[] bytes = keySerde.serializer().serialize(topic, SampleRecords.tick());

    assertThat(client.latest(Subjects.key(topic)).id()).isEqualTo(ByteBuffer.wrap(bytes, 1, 4).getInt());
  }

  @Test
  void recordWrittenWithAnOlderSchemaIsReadByTheNewerReader() throws IOException {
    Schema older = withoutFields(Prediction.getClassSchema(), Set.of("intervalLevel", "tickCount", "skillVsNaive", "horizons"));
    GenericRecord old = new GenericData.Record(older);
    old.put("symbol", "SPX");
    old.put("tickTime", SampleRecords.T0.toEpochMilli());
    old.put("lastPrice", 100.0);
    old.put("predictedPrice", 101.0);
    old.put("predictedReturn", Math.log(1.01));
    old.put("intervalLow", 99.0);
    old.put("intervalHigh", 103.0);
    old.put("source", new GenericData.EnumSymbol(older.getField("source").schema(), "WARMUP"));
    old.put("modelName", "lstm");
    old.put("modelVersion", 0);
    old.put("lstmPredictedPrice", 100.5);
    old.put("naivePrice", 100.0);
    int olderId = client.register(Subjects.value(topic), older);
    byte[] oldBytes = confluentFrame(olderId, older, old);

    AvroSerde<Prediction> upgraded = new AvroSerde<>(client, Prediction.class, false);
    Prediction read = upgraded.deserializer().deserialize(topic, oldBytes);

    assertThat(read.getSymbol()).isEqualTo("SPX");
    assertThat(read.getTickTime()).isEqualTo(SampleRecords.T0);
    assertThat(read.getSource()).isEqualTo(ForecastSource.WARMUP);
    assertThat(read.getLstmPredictedPrice()).isEqualTo(100.5);
    // Fields the old writer did not have take their schema defaults.
    assertThat(read.getIntervalLevel()).isEqualTo(0.9);
    assertThat(read.getTickCount()).isZero();
    assertThat(read.getSkillVsNaive()).isNull();
    assertThat(read.getHorizons()).isEmpty();
    // ... and the upgraded producer's schema is accepted as a BACKWARD evolution of the old one.
    byte[] newBytes = upgraded.serializer().serialize(topic, SampleRecords.prediction());
    assertThat(ByteBuffer.wrap(newBytes, 1, 4).getInt()).isNotEqualTo(olderId);
    assertThat(client.latest(Subjects.value(topic)).version()).isEqualTo(2);
  }

  @Test
  void nullBytesReadAsNullAndNullRecordWritesNull() {
    AvroSerde<Tick> serde = new AvroSerde<>(client, Tick.class, false);

    assertThat(serde.deserializer().deserialize(topic, null)).isNull();
    assertThat(serde.serializer().serialize(topic, null)).isNull();
  }

  @Test
  void wrongMagicByteIsReportedWithItsValue() {
    AvroSerde<Tick> serde = new AvroSerde<>(client, Tick.class, false);
    byte[] plainJson = "{\"symbol\":\"SPX\"}".getBytes();

    assertThatThrownBy(() -> serde.deserializer().deserialize(topic, plainJson))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("wrong magic byte 0x7b")
        .hasMessageContaining(topic);
  }

  @Test
  void unknownSchemaIdIsReportedWithTheIdAndRegistryUrl() {
    AvroSerde<Tick> serde = new AvroSerde<>(client, Tick.class, false);
    byte[] bytes = {0, 0x70, 0, 0, 1, 2, 'A'};

    assertThatThrownBy(() -> serde.deserializer().deserialize(topic, bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown schema id " + 0x70000001)
        .hasMessageContaining(SharedRegistry.url());
  }

  @Test
  void truncatedRecordIsReportedAsUndecodableWithIdTypeAndCause() {
    AvroSerde<Tick> serde = new AvroSerde<>(client, Tick.class, false);
    byte[] whole = serde.serializer().serialize(topic, SampleRecords.tick());
    byte[] truncated = Arrays.copyOf(whole, whole.length - 3);
    int id = ByteBuffer.wrap(whole, 1, 4).getInt();

    assertThatThrownBy(() -> serde.deserializer().deserialize(topic, truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("undecodable bytes")
        .hasMessageContaining("schema id " + id)
        .hasMessageContaining(Tick.class.getName())
        .hasCauseInstanceOf(EOFException.class);
  }

  @Test
  void bytesLeftOverAfterTheRecordAreReportedAsUndecodable() {
    AvroSerde<Tick> serde = new AvroSerde<>(client, Tick.class, false);
    byte[] whole = serde.serializer().serialize(topic, SampleRecords.tick());
    byte[] padded = Arrays.copyOf(whole, whole.length + 2);

    assertThatThrownBy(() -> serde.deserializer().deserialize(topic, padded))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("undecodable bytes")
        .hasMessageContaining("left over");
  }

  @Test
  void headerWithoutBodyIsReportedAsUndecodable() {
    AvroSerde<Tick> serde = new AvroSerde<>(client, Tick.class, false);

    assertThatThrownBy(() -> serde.deserializer().deserialize(topic, new byte[] {0, 0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("undecodable bytes")
        .hasMessageContaining("5-byte header");
  }

  @Test
  void recordOfAnotherTypeIsReportedAsUndecodableForTheTargetType() {
    byte[] tickBytes = new AvroSerde<>(client, Tick.class, false).serializer().serialize(topic, SampleRecords.tick());
    AvroSerde<Prediction> predictions = new AvroSerde<>(client, Prediction.class, false);

    assertThatThrownBy(() -> predictions.deserializer().deserialize(topic, tickBytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("undecodable bytes")
        .hasMessageContaining(Prediction.class.getName());
  }

  @Test
  void schemaRefusedByTheSubjectsCompatibilityIsASerializationError() {
    String subject = Subjects.value(topic);
    client.setCompatibility(subject, "BACKWARD");
    client.register(subject, new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"Tick\",\"namespace\":\"io.tickcast.schema\",\"fields\":["
            + "{\"name\":\"other\",\"type\":\"string\"}]}"));
    AvroSerde<Tick> serde = new AvroSerde<>(client, Tick.class, false);

    assertThatThrownBy(() -> serde.serializer().serialize(topic, SampleRecords.tick()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(subject)
        .hasMessageContaining("409");
  }

  @Test
  void recordMissingARequiredFieldIsASerializationError() {
    AvroSerde<Tick> serde = new AvroSerde<>(client, Tick.class, false);
    Tick broken = new Tick();
    broken.setTime(SampleRecords.T0);
    broken.setPrice(1.0); // symbol left null

    assertThatThrownBy(() -> serde.serializer().serialize(topic, broken))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(Tick.class.getName())
        .hasMessageContaining("symbol");
  }

  @Test
  void oneSerdeSharedByThreadsKeepsEveryRecordIntact() throws Exception {
    AvroSerde<Tick> serde = new AvroSerde<>(client, Tick.class, false);
    int threads = 4;
    int perThread = 2_000;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String symbol = "SYM" + t;
        results.add(pool.submit(() -> {
          int intact = 0;
          for (int i = 0; i < perThread; i++) {
            // Records of different sizes, so a buffer or decoder shared by mistake would mix them up.
            Tick tick = Tick.newBuilder().setSymbol(symbol.repeat(1 + i % 7))
                .setTime(SampleRecords.T0.plusMillis(i)).setPrice(i + 0.5)
                .setVolume(i % 2 == 0 ? null : (double) i).build();
            if (serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, tick)).equals(tick)) {
              intact++;
            }
          }
          return intact;
        }));
      }
      for (var result : results) {
        assertThat(result.get()).isEqualTo(perThread);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @SuppressWarnings("unchecked")
  private <T extends SpecificRecord> AvroSerde<T> serdeFor(T record, boolean isKey) {
    return new AvroSerde<>(client, (Class<T>) record.getClass(), isKey);
  }

  private static Schema withoutFields(Schema schema, Set<String> dropped) {
    List<Schema.Field> kept = schema.getFields().stream()
        .filter(f -> !dropped.contains(f.name()))
        .map(f -> new Schema.Field(f, f.schema()))
        .collect(Collectors.toList());
    return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, kept);
  }

  private static byte[] confluentFrame(int id, Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}

package io.tickcast.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.schema.HorizonForecast;
import io.tickcast.schema.Prediction;
import io.tickcast.testsupport.SharedRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code horizons} of {@code Prediction} (issue 16) against a real registry, in the wire format
 * tickcast writes: a reader on the new schema sees every horizon, a reader still on the schema
 * before it (test resource {@code schemas/Prediction-before-horizons.avsc}, as on main before the
 * change) reads every one of its fields unchanged, and the subject's BACKWARD check accepts the new
 * schema after the old one.
 */
class PredictionHorizonsCompatibilityIT {

  private SchemaRegistryClient client;
  private String topic;

  @BeforeEach
  void newClientAndTopic() {
    client = new SchemaRegistryClient(RegistryConfig.of(SharedRegistry.url()));
    topic = "horizons-it-" + UUID.randomUUID();
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  static Schema before() throws IOException {
    try (InputStream in = PredictionHorizonsCompatibilityIT.class.getResourceAsStream("/schemas/Prediction-before-horizons.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }

  private static Prediction withHorizons() {
    return SampleRecords.predictionWithHorizons();
  }

  private byte[] written(Prediction p) {
    return AvroSerializer.forSpecificRecords(client, Prediction.class, false).serialize(topic, p);
  }

  @Test
  void theSubjectsBackwardCheckAcceptsTheNewSchemaAfterTheOld() throws Exception {
    String subject = Subjects.value(topic);
    client.setCompatibility(subject, "BACKWARD");
    int oldId = client.register(subject, before());

    assertThat(client.isCompatible(subject, Prediction.getClassSchema())).isTrue();
    byte[] bytes = written(withHorizons()); // registers the new schema as the subject's next version
    assertThat(WireFormat.schemaId(bytes)).isNotEqualTo(oldId);
    assertThat(client.latest(subject).version()).isEqualTo(2);
    assertThat(client.getById(WireFormat.schemaId(bytes))).isEqualTo(Prediction.getClassSchema());

    // the check is real: the same field without its default would be refused
    Schema noDefault = new Schema.Parser().parse(Prediction.getClassSchema().toString().replace(",\"default\":[]", ""));
    assertThat(noDefault.getField("horizons").hasDefaultValue()).isFalse();
    String strict = Subjects.value(topic + "-strict");
    client.setCompatibility(strict, "BACKWARD");
    client.register(strict, before());
    assertThat(client.isCompatible(strict, noDefault)).isFalse();
  }

  @Test
  void aReaderOnTheNewSchemaSeesEveryHorizon() {
    Prediction p = withHorizons();
    byte[] bytes = written(p);

    Prediction read = new AvroDeserializer<>(client, Prediction.class).deserialize(topic, bytes);

    assertThat(read).isEqualTo(p).isNotSameAs(p);
    assertThat(read.getHorizons()).extracting(HorizonForecast::getHorizon).containsExactly(1, 5, 20);
    assertThat(read.getHorizons().get(1).getSkillVsNaive()).isEqualTo(-0.02);
    assertThat(read.getHorizons().get(2).getSkillVsNaive()).isNull();
  }

  @Test
  void aReaderOnThePreviousSchemaReadsAllOfItsFieldsUnchanged() throws Exception {
    Prediction p = withHorizons();
    byte[] bytes = written(p);
    assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
    Schema writer = client.getById(WireFormat.schemaId(bytes));
    Schema old = before();
    assertThat(old.getField("horizons")).isNull();
    assertThat(old.getFields()).hasSize(15);

    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_SIZE,
        bytes.length - WireFormat.HEADER_SIZE, null);
    GenericRecord read = new GenericDatumReader<GenericRecord>(writer, old, model).read(null, decoder);
    assertThat(decoder.isEnd()).as("the old reader skipped the horizons to the record's end").isTrue();

    for (Schema.Field f : old.getFields()) {
      assertThat(plain(read.get(f.name()))).as(f.name()).isEqualTo(plain(p.get(f.name())));
    }
    assertThat(read.get("tickTime")).isEqualTo(SampleRecords.T0);
    assertThat(read.get("source").toString()).isEqualTo("FALLBACK");
  }

  /** Strings and enum symbols as text, whatever their Java type on either side. */
  private static Object plain(Object value) {
    return value instanceof CharSequence || value instanceof GenericData.EnumSymbol || value instanceof Enum<?>
        ? value.toString() : value;
  }
}

package io.tickcast.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The source BLEND added to {@code Prediction} (issue 14) keeps both sides working: the new schema
 * reads what the old one wrote (BACKWARD, the registry's setting), and a reader still on the old
 * schema reads a BLEND prediction as the enum's default, LSTM, rather than failing. So do the
 * {@code horizons} (issue 16): the current schema reads records without them (as empty), and a
 * reader on the schema before them still reads the records that carry them (in the registry's wire
 * format: {@code io.tickcast.registry.PredictionHorizonsCompatibilityIT}).
 */
class PredictionSchemaEvolutionTest {

  private static Schema before() throws Exception {
    try (InputStream in = PredictionSchemaEvolutionTest.class.getResourceAsStream("/schemas/Prediction-before-blend.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }

  private static Prediction blendPrediction() {
    return new Prediction("SYM", Instant.ofEpochMilli(1_700_000_000_000L), 100.0, 100.1, 0.001, 99.0, 101.0, 0.9,
        ForecastSource.BLEND, "m", 3, 100.2, 100.0, 42L, 0.01, java.util.List.of());
  }

  @Test
  void theNewSchemaIsBackwardCompatibleWithTheOldOne() throws Exception {
    SchemaCompatibility.SchemaPairCompatibility c =
        SchemaCompatibility.checkReaderWriterCompatibility(Prediction.getClassSchema(), before());
    assertThat(c.getType()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void anOldReaderReadsABlendPredictionAsLstm() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(Prediction.class).write(blendPrediction(), enc);
    enc.flush();

    GenericDatumReader<GenericRecord> old = new GenericDatumReader<>(Prediction.getClassSchema(), before());
    GenericRecord read = old.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    assertThat(read.get("source").toString()).isEqualTo("LSTM");
    assertThat((double) read.get("predictedPrice")).isEqualTo(100.1);

    SpecificDatumReader<Prediction> current = new SpecificDatumReader<>(Prediction.class);
    Prediction back = current.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    assertThat(back.getSource()).isEqualTo(ForecastSource.BLEND);
  }

  private static Schema beforeHorizons() throws Exception {
    try (InputStream in = PredictionSchemaEvolutionTest.class.getResourceAsStream("/schemas/Prediction-before-horizons.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }

  @Test
  void withHorizonsTheSchemaStaysCompatibleBothWays() throws Exception {
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(Prediction.getClassSchema(), beforeHorizons()).getType())
        .as("the current schema reads records written before the horizons").isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(beforeHorizons(), Prediction.getClassSchema()).getType())
        .as("a reader on the schema before the horizons reads records that carry them").isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void aRecordWrittenBeforeTheHorizonsReadsWithNone() throws Exception {
    Schema old = beforeHorizons();
    GenericRecord r = new GenericData.Record(old);
    Prediction p = blendPrediction();
    for (Schema.Field f : old.getFields()) {
      r.put(f.name(), f.name().equals("tickTime") ? p.getTickTime().toEpochMilli()
          : f.name().equals("source") ? new GenericData.EnumSymbol(f.schema(), "BLEND") : p.get(f.name()));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(old).write(r, enc);
    enc.flush();

    Prediction read = new SpecificDatumReader<Prediction>(old, Prediction.getClassSchema())
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    assertThat(read.getHorizons()).isEmpty();
    assertThat(read).isEqualTo(p);
  }
}

package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.LstmModel;
import io.tickcast.schema.ModelRelease;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** Releases with horizons: what they record, how they turn into models, and what is refused. */
class ModelReleasesTest {
  private static final int D = FeatureSpec.DEFAULT.size();
  private static final Horizons THREE = Horizons.of(1, 5, 20);
  private static final Set<String> NEW_FIELDS = Set.of("horizons", "validationMseByHorizon", "naiveValidationMseByHorizon");

  private static ModelRelease release(LstmModel lstm, Horizons horizons) {
    return ModelReleases.builder("m", 1, lstm, FeatureSpec.DEFAULT, horizons, FeatureSettings.DEFAULTS, 0L)
        .setValidationMse(0.8).setNaiveValidationMse(1.0)
        .setValidationMseByHorizon(List.of(0.8, 0.7, 0.6)).setNaiveValidationMseByHorizon(List.of(1.0, 1.0, 1.0))
        .build();
  }

  @Test
  void aReleaseOfThreeHorizonsBecomesAModelForecastingThem() throws Exception {
    LstmModel lstm = LstmModel.initialise(D, 4, 1, 3, 1, 1f);
    ModelRelease r = release(lstm, THREE);
    assertThat(r.getHorizons()).containsExactly(1, 5, 20);
    ForecastModel m = ModelReleases.toModel(r, FeatureSettings.DEFAULTS);
    assertThat(m.horizons()).isEqualTo(THREE);
    assertThat(m.lstm().toStateDict()).isEqualTo(lstm.toStateDict());
    assertThat(m.validationLossRatio()).as("horizon 1's figures").isEqualTo(0.8);
    assertThat(ModelReleases.toModel(r, FeatureSettings.DEFAULTS, THREE).horizons()).isEqualTo(THREE);
  }

  @Test
  void anInstanceRefusesOtherHorizonsButServesAOneOutputRelease() throws Exception {
    ModelRelease three = release(LstmModel.initialise(D, 4, 1, 3, 1, 1f), THREE);
    assertThatThrownBy(() -> ModelReleases.toModel(three, FeatureSettings.DEFAULTS, Horizons.of(1, 5, 10)))
        .isInstanceOf(ModelRefusedException.class).hasMessageContaining("horizons 1,5,20")
        .hasMessageContaining("forecast.horizons is 1,5,10");
    assertThatThrownBy(() -> ModelReleases.toModel(three, FeatureSettings.DEFAULTS, Horizons.NEXT_TICK))
        .isInstanceOf(ModelRefusedException.class);
    ModelRelease one = ModelReleases.builder("m", 1, LstmModel.initialise(D, 4, 1, 1, 1f), FeatureSpec.DEFAULT,
        FeatureSettings.DEFAULTS, 0L).build();
    assertThat(ModelReleases.toModel(one, FeatureSettings.DEFAULTS, Horizons.of(1, 5, 10)).horizons())
        .isEqualTo(Horizons.NEXT_TICK);
  }

  @Test
  void weightsMustHaveOneOutputPerDeclaredHorizonAndTheHorizonsMustBeValid() {
    LstmModel three = LstmModel.initialise(D, 4, 1, 3, 1, 1f);
    ModelRelease twoDeclared = ModelRelease.newBuilder(release(three, THREE)).setHorizons(List.of(1, 5)).build();
    assertThatThrownBy(() -> ModelReleases.toModel(twoDeclared, FeatureSettings.DEFAULTS))
        .isInstanceOf(ModelRefusedException.class).hasMessageContaining("3 outputs").hasMessageContaining("2 horizons");
    ModelRelease unordered = ModelRelease.newBuilder(release(three, THREE)).setHorizons(List.of(1, 20, 5)).build();
    assertThatThrownBy(() -> ModelReleases.toModel(unordered, FeatureSettings.DEFAULTS))
        .isInstanceOf(ModelRefusedException.class).hasMessageContaining("invalid horizons [1, 20, 5]");
    assertThatThrownBy(() -> ModelReleases.builder("m", 1, three, FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS, 0L))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs its horizons");
    assertThatThrownBy(() -> ModelReleases.builder("m", 1, three, FeatureSpec.DEFAULT, Horizons.of(1, 5),
        FeatureSettings.DEFAULTS, 0L)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The release schema before the horizons: today's without the three fields added for them. */
  private static Schema previousSchema() {
    Schema now = ModelRelease.getClassSchema();
    List<Schema.Field> fields = now.getFields().stream().filter(f -> !NEW_FIELDS.contains(f.name()))
        .map(f -> new Schema.Field(f, f.schema())).toList();
    return Schema.createRecord(now.getName(), now.getDoc(), now.getNamespace(), false, fields);
  }

  @Test
  void theSchemaIsABackwardCompatibleEvolutionAndOldReleasesReadAsOneOutputModels() throws Exception {
    Schema previous = previousSchema();
    assertThat(ModelRelease.getClassSchema().getFields()).hasSize(previous.getFields().size() + 3);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(ModelRelease.getClassSchema(), previous).getType())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);

    // a release written by a previous producer: its own fields only
    ModelRelease template = ModelReleases.builder("m", 4, LstmModel.initialise(D, 4, 1, 1, 1f), FeatureSpec.DEFAULT,
        FeatureSettings.DEFAULTS, 0L).setValidationMse(0.9).setNaiveValidationMse(1.0).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
    // the new fields come last, so the previous schema's fields are the record's first ones
    new SpecificDatumWriter<ModelRelease>(previous, template.getSpecificData()).write(template, enc);
    enc.flush();
    ModelRelease read = new SpecificDatumReader<ModelRelease>(previous, ModelRelease.getClassSchema())
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    assertThat(read.getHorizons()).containsExactly(1);
    assertThat(read.getValidationMseByHorizon()).isEmpty();
    assertThat(read.getNaiveValidationMseByHorizon()).isEmpty();
    ForecastModel m = ModelReleases.toModel(read, FeatureSettings.DEFAULTS, THREE);
    assertThat(m.horizons()).isEqualTo(Horizons.NEXT_TICK);
    assertThat(m.version()).isEqualTo(4);
  }
}

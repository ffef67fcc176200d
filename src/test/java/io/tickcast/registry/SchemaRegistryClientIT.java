package io.tickcast.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.testsupport.SharedRegistry;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real registry (Apicurio, Confluent API). */
class SchemaRegistryClientIT {

  private static final Schema V1 = parse(
      "{\"type\":\"record\",\"name\":\"Quote\",\"namespace\":\"it\",\"fields\":["
          + "{\"name\":\"symbol\",\"type\":\"string\"},{\"name\":\"price\",\"type\":\"double\"}]}");
  /** V1 plus a field with a default: new readers can read old data. */
  private static final Schema V2_BACKWARD = parse(
      "{\"type\":\"record\",\"name\":\"Quote\",\"namespace\":\"it\",\"fields\":["
          + "{\"name\":\"symbol\",\"type\":\"string\"},{\"name\":\"price\",\"type\":\"double\"},"
          + "{\"name\":\"venue\",\"type\":\"string\",\"default\":\"\"}]}");
  /** V1 plus a required field: new readers cannot read old data. */
  private static final Schema V2_INCOMPATIBLE = parse(
      "{\"type\":\"record\",\"name\":\"Quote\",\"namespace\":\"it\",\"fields\":["
          + "{\"name\":\"symbol\",\"type\":\"string\"},{\"name\":\"price\",\"type\":\"double\"},"
          + "{\"name\":\"venue\",\"type\":\"string\"}]}");

  private SchemaRegistryClient client;
  private String subject;

  @BeforeEach
  void newClientAndSubject() {
    client = new SchemaRegistryClient(RegistryConfig.of(SharedRegistry.url()));
    subject = "client-it-" + UUID.randomUUID() + "-value";
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void registeredSchemaIsFetchedByItsId() {
    int id = client.register(subject, V1);

    try (SchemaRegistryClient fresh = new SchemaRegistryClient(RegistryConfig.of(SharedRegistry.url()))) {
      assertThat(fresh.getById(id)).isEqualTo(V1);
    }
  }

  @Test
  void reRegisteringTheSameSchemaReturnsTheSameId() {
    int first = client.register(subject, V1);
    // A second client has an empty cache, so the registry itself must answer with the same id.
    try (SchemaRegistryClient fresh = new SchemaRegistryClient(RegistryConfig.of(SharedRegistry.url()))) {
      assertThat(fresh.register(subject, V1)).isEqualTo(first);
    }
    assertThat(client.latest(subject).version()).isEqualTo(1);
  }

  @Test
  void latestReturnsTheNewestVersionWithItsIdAndSchema() {
    client.setCompatibility(subject, "BACKWARD");
    int id1 = client.register(subject, V1);
    int id2 = client.register(subject, V2_BACKWARD);

    SchemaVersion latest = client.latest(subject);

    assertThat(id2).isNotEqualTo(id1);
    assertThat(latest).isEqualTo(new SchemaVersion(subject, 2, id2, V2_BACKWARD));
  }

  @Test
  void backwardCompatibleEvolutionIsAccepted() {
    client.setCompatibility(subject, "BACKWARD");
    client.register(subject, V1);

    assertThat(client.isCompatible(subject, V2_BACKWARD)).isTrue();
    int id = client.register(subject, V2_BACKWARD);
    assertThat(client.latest(subject).id()).isEqualTo(id);
  }

  @Test
  void incompatibleEvolutionIsRefusedWith409() {
    client.setCompatibility(subject, "BACKWARD");
    client.register(subject, V1);

    assertThat(client.isCompatible(subject, V2_INCOMPATIBLE)).isFalse();
    assertThatThrownBy(() -> client.register(subject, V2_INCOMPATIBLE))
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(409);
          assertThat(e.errorCode()).isEqualTo(409);
          assertThat(e.url()).startsWith(SharedRegistry.url()).contains(subject);
          assertThat(e.getMessage()).contains("409", subject);
        });
    assertThat(client.latest(subject).version()).isEqualTo(1);
  }

  @Test
  void subjectLevelOverridesTheGlobalLevel() {
    client.register(subject, V1);
    client.setCompatibility(subject, "FORWARD");

    // Adding a required field breaks BACKWARD (the global level) but not FORWARD.
    assertThat(client.isCompatible(subject, V2_INCOMPATIBLE)).isTrue();
    client.register(subject, V2_INCOMPATIBLE);
    assertThat(client.latest(subject).version()).isEqualTo(2);
  }

  @Test
  void subjectLevelNoneFallsBackToTheGlobalLevelOnApicurio() {
    // Apicurio 2.x stores no subject-level NONE: setting it removes the subject's own level.
    client.register(subject, V1);
    client.setCompatibility(subject, "FORWARD");
    client.setCompatibility(subject, "NONE");

    assertThat(client.getCompatibility(subject)).isEqualTo("BACKWARD");
    assertThat(client.isCompatible(subject, V2_INCOMPATIBLE)).isFalse();
  }

  @Test
  void compatibilityLevelSetOnASubjectIsReadBack() {
    client.register(subject, V1);
    client.setCompatibility(subject, "FORWARD");

    assertThat(client.getCompatibility(subject)).isEqualTo("FORWARD");
  }

  @Test
  void subjectWithoutItsOwnLevelReportsTheGlobalLevel() {
    client.register(subject, V1);

    // The embedded server sets the global level to BACKWARD at start (Apicurio's default is NONE).
    assertThat(client.getGlobalCompatibility()).isEqualTo("BACKWARD");
    assertThat(client.getCompatibility(subject)).isEqualTo("BACKWARD");
    assertThat(client.getCompatibility("never-registered-" + UUID.randomUUID())).isEqualTo("BACKWARD");
  }

  @Test
  void newSubjectIsCompatibleWithAnySchema() {
    assertThat(client.isCompatible(subject, V2_INCOMPATIBLE)).isTrue();
  }

  @Test
  void unknownIdIsReportedAsSchemaNotFound() {
    assertThatThrownBy(() -> client.getById(Integer.MAX_VALUE))
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.errorCode()).isEqualTo(RegistryException.SCHEMA_NOT_FOUND);
          assertThat(e.getMessage()).contains(SharedRegistry.url() + "/schemas/ids/" + Integer.MAX_VALUE);
        });
  }

  @Test
  void latestOfUnknownSubjectIsReportedAsNotFound() {
    assertThatThrownBy(() -> client.latest(subject))
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.errorCode()).isEqualTo(RegistryException.SUBJECT_NOT_FOUND);
        });
  }

  @Test
  void invalidCompatibilityLevelIsRefusedWithA4xx() {
    client.register(subject, V1);
    assertThatThrownBy(() -> client.setCompatibility(subject, "SIDEWAYS"))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.httpStatus()).isBetween(400, 499));
  }

  private static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }
}

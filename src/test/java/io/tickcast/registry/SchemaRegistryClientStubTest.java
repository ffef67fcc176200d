package io.tickcast.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.registry.RegistryStub.Response;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The client's HTTP behaviour, against a scripted stub: headers, errors, retries, caching. */
class SchemaRegistryClientStubTest {

  private static final Schema SCHEMA = new Schema.Parser().parse(
      "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
  private static final String SCHEMA_ANSWER =
      "{\"schema\":" + quote(SCHEMA.toString()) + "}";

  @Test
  void basicAuthHeaderIsSentWithEveryRequest() throws Exception {
    try (RegistryStub stub = new RegistryStub(r -> Response.json(200, "{\"id\":3}"));
        SchemaRegistryClient client = new SchemaRegistryClient(
            RegistryConfig.builder(stub.url()).basicAuth("alice", "s3cret:with colon").build())) {
      client.register("s-value", SCHEMA);
      client.register("t-value", SCHEMA);

      String expected = "Basic " + Base64.getEncoder()
          .encodeToString("alice:s3cret:with colon".getBytes(StandardCharsets.UTF_8));
      assertThat(stub.requests()).hasSize(2).allSatisfy(r -> assertThat(r.authorization()).isEqualTo(expected));
    }
  }

  @Test
  void noAuthorizationHeaderWithoutCredentials() throws Exception {
    try (RegistryStub stub = new RegistryStub(r -> Response.json(200, "{\"id\":3}"));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()))) {
      client.register("s-value", SCHEMA);
      assertThat(stub.requests().get(0).authorization()).isNull();
    }
  }

  @Test
  void registerPostsTheSchemaAsConfluentJson() throws Exception {
    try (RegistryStub stub = new RegistryStub(r -> Response.json(200, "{\"id\":12}"));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()))) {
      assertThat(client.register("odd subject/ä", SCHEMA)).isEqualTo(12);

      RegistryStub.Request request = stub.requests().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.pathAndQuery()).isEqualTo("/subjects/odd%20subject%2F%C3%A4/versions");
      assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
      assertThat(request.body()).isEqualTo("{\"schema\":" + quote(SCHEMA.toString()) + "}");
    }
  }

  @Test
  void clientErrorCarriesTheRegistrysErrorCodeAndMessageWithoutRetrying() throws Exception {
    try (RegistryStub stub = new RegistryStub(
            r -> Response.json(422, "{\"error_code\":42201,\"message\":\"Invalid schema: no type\"}"));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()))) {
      assertThatThrownBy(() -> client.register("s-value", SCHEMA))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(422);
            assertThat(e.errorCode()).isEqualTo(42201);
            assertThat(e.url()).isEqualTo(stub.url() + "/subjects/s-value/versions");
            assertThat(e.getMessage()).contains("Invalid schema: no type", "42201", e.url());
          });
      assertThat(stub.requests()).hasSize(1);
    }
  }

  @Test
  void clientErrorWithPlainTextBodyKeepsTheText() throws Exception {
    try (RegistryStub stub = new RegistryStub(r -> Response.json(401, "Unauthorized"));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()))) {
      assertThatThrownBy(() -> client.getById(1))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.errorCode()).isEqualTo(RegistryException.NO_ERROR_CODE);
            assertThat(e.getMessage()).contains("Unauthorized", "HTTP 401");
          });
    }
  }

  @Test
  void serverErrorsAreRetriedUntilTheRegistryAnswers() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (RegistryStub stub = new RegistryStub(r -> calls.incrementAndGet() <= 2
            ? Response.json(503, "{\"error_code\":50003,\"message\":\"forwarding failed\"}")
            : Response.json(200, SCHEMA_ANSWER));
        SchemaRegistryClient client = new SchemaRegistryClient(
            RegistryConfig.builder(stub.url()).maxRetryTime(Duration.ofSeconds(20)).build())) {
      assertThat(client.getById(5)).isEqualTo(SCHEMA);
      assertThat(stub.count("GET", "/schemas/ids/5")).isEqualTo(3);
    }
  }

  @Test
  void persistentServerErrorFailsAfterRetriesWithTheLastErrorCode() throws Exception {
    try (RegistryStub stub = new RegistryStub(
            r -> Response.json(500, "{\"error_code\":50001,\"message\":\"store down\"}"));
        SchemaRegistryClient client = new SchemaRegistryClient(
            RegistryConfig.builder(stub.url()).maxRetryTime(Duration.ofMillis(400)).build())) {
      assertThatThrownBy(() -> client.getById(5))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(e.errorCode()).isEqualTo(50001);
            assertThat(e.getMessage()).contains("gave up", stub.url() + "/schemas/ids/5", "store down");
          });
      assertThat(stub.count("GET", "/schemas/ids/5")).isGreaterThan(1);
    }
  }

  @Test
  void unreachableRegistryFailsAfterBoundedRetriesNamingTheUrl() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/apis/ccompat/v7";
    try (SchemaRegistryClient client = new SchemaRegistryClient(
        RegistryConfig.builder(url).maxRetryTime(Duration.ofMillis(300)).build())) {
      assertThatThrownBy(() -> client.latest("ticks-value"))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(RegistryException.NO_RESPONSE);
            assertThat(e.url()).isEqualTo(url + "/subjects/ticks-value/versions/latest");
            assertThat(e.getMessage()).contains("unreachable", url, "gave up after");
          })
          .hasCauseInstanceOf(ConnectException.class);
    }
  }

  @Test
  void schemaByIdIsFetchedOnce() throws Exception {
    try (RegistryStub stub = new RegistryStub(r -> Response.json(200, SCHEMA_ANSWER));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()))) {
      Schema first = client.getById(7);
      Schema second = client.getById(7);

      assertThat(second).isSameAs(first).isEqualTo(SCHEMA);
      assertThat(stub.count("GET", "/schemas/ids/7")).isEqualTo(1);
    }
  }

  @Test
  void anIdTheRegistryDoesNotKnowIsAskedOnceWithinTheMissTimeAndAnUnreachableRegistryIsNeverCached() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (RegistryStub stub = new RegistryStub(r -> r.pathAndQuery().endsWith("/schemas/ids/9")
            ? Response.json(404, "{\"error_code\":40403,\"message\":\"Schema 9 not found\"}")
            : calls.incrementAndGet() <= 1
                ? Response.json(503, "{\"error_code\":50003,\"message\":\"down\"}")
                : Response.json(200, SCHEMA_ANSWER));
        SchemaRegistryClient client = new SchemaRegistryClient(
            RegistryConfig.builder(stub.url()).maxRetryTime(Duration.ofMillis(1)).build())) {
      for (int i = 0; i < 50; i++) {
        assertThatThrownBy(() -> client.getById(9))
            .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
      }
      assertThat(stub.count("GET", "/schemas/ids/9")).isEqualTo(1);
      assertThat(SchemaRegistryClient.MISS_TTL).isLessThanOrEqualTo(Duration.ofMinutes(1));
      // a 503 is not an answer about the id: the next call asks again and gets the schema
      assertThatThrownBy(() -> client.getById(5)).isInstanceOfSatisfying(RegistryException.class,
          e -> assertThat(e.httpStatus()).isEqualTo(503));
      assertThat(client.getById(5)).isEqualTo(SCHEMA);
      assertThat(stub.count("GET", "/schemas/ids/5")).isEqualTo(2);
    }
  }

  @Test
  void registrationIsCachedPerSubjectAndSchema() throws Exception {
    try (RegistryStub stub = new RegistryStub(r -> Response.json(200, "{\"id\":4}"));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()))) {
      client.register("a-value", SCHEMA);
      client.register("a-value", SCHEMA);
      client.register("b-value", SCHEMA);

      assertThat(stub.count("POST", "/subjects/a-value/versions")).isEqualTo(1);
      assertThat(stub.count("POST", "/subjects/b-value/versions")).isEqualTo(1);
    }
  }

  @Test
  void registeredSchemaNeedsNoFetchById() throws Exception {
    try (RegistryStub stub = new RegistryStub(r -> Response.json(200, "{\"id\":4}"));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()))) {
      client.register("a-value", SCHEMA);
      assertThat(client.getById(4)).isEqualTo(SCHEMA);
      assertThat(stub.requests()).hasSize(1);
    }
  }

  @Test
  void registrationRefusedBecauseAConcurrentRegistrantWonReturnsTheirId() throws Exception {
    try (RegistryStub stub = new RegistryStub(r -> r.pathAndQuery().endsWith("/versions")
            ? Response.json(409, "{\"error_code\":409,\"message\":\"An artifact with ID 's-value' already exists.\"}")
            : Response.json(200, "{\"subject\":\"s-value\",\"version\":1,\"id\":8,\"schema\":"
                + quote(SCHEMA.toString()) + "}"));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()))) {
      assertThat(client.register("s-value", SCHEMA)).isEqualTo(8);
      assertThat(stub.requests()).extracting(RegistryStub.Request::pathAndQuery)
          .containsExactly("/subjects/s-value/versions", "/subjects/s-value");
    }
  }

  @Test
  void incompatibleSchemaStaysRefusedWhenItIsNotRegisteredEither() throws Exception {
    try (RegistryStub stub = new RegistryStub(r -> r.pathAndQuery().endsWith("/versions")
            ? Response.json(409, "{\"error_code\":409,\"message\":\"Incompatible artifact\"}")
            : Response.json(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()))) {
      assertThatThrownBy(() -> client.register("s-value", SCHEMA))
          .isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(409);
            assertThat(e.getMessage()).contains("Incompatible artifact");
          });
    }
  }

  @Test
  void subjectWithoutItsOwnLevelFallsBackToTheGlobalLevel() throws Exception {
    // Confluent's server answers 40408 for a subject without its own compatibility level.
    try (RegistryStub stub = new RegistryStub(r -> r.pathAndQuery().startsWith("/config/")
            ? Response.json(404, "{\"error_code\":40408,\"message\":\"Subject 's-value' does not have subject-level compatibility configured\"}")
            : Response.json(200, "{\"compatibilityLevel\":\"FULL\"}"));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()))) {
      assertThat(client.getCompatibility("s-value")).isEqualTo("FULL");
      assertThat(stub.requests()).extracting(RegistryStub.Request::pathAndQuery)
          .containsExactly("/config/s-value?defaultToGlobal=true", "/config");
    }
  }

  @Test
  void setCompatibilityPutsTheLevel() throws Exception {
    try (RegistryStub stub = new RegistryStub(r -> Response.json(200, "{\"compatibility\":\"BACKWARD\"}"));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()))) {
      client.setCompatibility("s-value", "backward");
      RegistryStub.Request request = stub.requests().get(0);
      assertThat(request.method()).isEqualTo("PUT");
      assertThat(request.pathAndQuery()).isEqualTo("/config/s-value");
      assertThat(request.body()).isEqualTo("{\"compatibility\":\"BACKWARD\"}");
    }
  }

  @Test
  void subjectWithoutVersionsIsCompatibleWithAnything() throws Exception {
    try (RegistryStub stub = new RegistryStub(
            r -> Response.json(404, "{\"error_code\":40401,\"message\":\"Subject 'new-value' not found.\"}"));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()))) {
      assertThat(client.isCompatible("new-value", SCHEMA)).isTrue();
    }
  }

  @Test
  void nonAvroSchemaIsReportedAsSuch() throws Exception {
    try (RegistryStub stub = new RegistryStub(
            r -> Response.json(200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()))) {
      assertThatThrownBy(() -> client.getById(9)).isInstanceOf(RegistryException.class)
          .hasMessageContaining("PROTOBUF").hasMessageContaining("schema id 9");
    }
  }

  @Test
  void closedClientRefusesCalls() throws Exception {
    try (RegistryStub stub = new RegistryStub(r -> Response.json(200, SCHEMA_ANSWER))) {
      SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(stub.url()));
      client.close();
      assertThatThrownBy(() -> client.getById(1)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(stub.url());
      assertThat(stub.requests()).isEmpty();
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

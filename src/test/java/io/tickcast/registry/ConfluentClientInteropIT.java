package io.tickcast.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickcast.schema.Prediction;
import io.tickcast.schema.Tick;
import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.SharedRegistry;
import io.tickcast.testsupport.TopicReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wire format against an independent implementation: Confluent's own Python client
 * (confluent_kafka and its schema registry client, Debian's python3-confluent-kafka) with Apache
 * Avro's Python codec (python3-avro). Records written by our serde are read there, and records
 * written there are read by our serde. Skipped, with the reason, where those packages are missing
 * (.ci/run installs them).
 */
class ConfluentClientInteropIT {
  private static final String PYTHON = "/usr/bin/python3";
  private static Path script;

  @BeforeAll
  static void peerAvailable() throws Exception {
    boolean ok = false;
    if (Files.isExecutable(Path.of(PYTHON))) {
      Process p = new ProcessBuilder(PYTHON, "-c", "import confluent_kafka, avro.io; from confluent_kafka.schema_registry import SchemaRegistryClient")
          .redirectErrorStream(true).start();
      ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
    assumeTrue(ok, "Debian's python3-confluent-kafka and python3-avro are not installed (apt-get install python3-confluent-kafka python3-avro)");
    script = Files.createTempFile("confluent_interop", ".py");
    try (var in = ConfluentClientInteropIT.class.getResourceAsStream("/interop/confluent_interop.py")) {
      Files.write(script, in.readAllBytes());
    }
  }

  private static List<String> python(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("python peer output:%n%s", out).isZero();
    return out.lines().filter(l -> l.startsWith("{")).toList();
  }

  private static void createTopic(String topic) throws Exception {
    try (var admin = SharedKafka.admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void confluentsClientReadsWhatOurSerdeWrites() throws Exception {
    String topic = SharedKafka.unique("interop-out");
    createTopic(topic);
    SchemaRegistryClient client = SharedRegistry.client();
    AvroSerde<Tick> serde = new AvroSerde<>(client, Tick.class, false);
    List<Tick> ticks = List.of(
        new Tick("JV1", Instant.ofEpochMilli(1_767_225_600_000L), 99.5, 12.0),
        new Tick("JV1", Instant.ofEpochMilli(1_767_225_601_000L), 99.75, null));
    try (KafkaProducer<String, Tick> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        SharedKafka.bootstrapServers()), new StringSerializer(), serde.serializer())) {
      for (Tick t : ticks) {
        producer.send(new ProducerRecord<>(topic, t.getSymbol(), t)).get(30, TimeUnit.SECONDS);
      }
    }
    int id = client.latest(Subjects.value(topic)).id();
    List<String> lines = python("read", SharedKafka.bootstrapServers(), SharedRegistry.url(), topic, "2");
    ObjectMapper json = new ObjectMapper();
    assertThat(lines).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonNode n = json.readTree(lines.get(i));
      assertThat(n.get("_schema_id").asInt()).isEqualTo(id);
      assertThat(n.get("_key").asText()).isEqualTo("JV1");
      assertThat(n.get("symbol").asText()).isEqualTo("JV1");
      assertThat(n.get("time").asLong()).isEqualTo(ticks.get(i).getTime().toEpochMilli());
      assertThat(n.get("price").asDouble()).isEqualTo(ticks.get(i).getPrice());
    }
    assertThat(json.readTree(lines.get(0)).get("volume").asDouble()).isEqualTo(12.0);
    assertThat(json.readTree(lines.get(1)).get("volume").isNull()).isTrue();
  }

  @Test
  void ourSerdeReadsWhatConfluentsClientWrites() throws Exception {
    String topic = SharedKafka.unique("interop-in");
    createTopic(topic);
    List<String> out = python("write", SharedKafka.bootstrapServers(), SharedRegistry.url(), topic,
        Path.of("schemas/Tick.avsc").toAbsolutePath().toString());
    int id = new ObjectMapper().readTree(out.get(0)).get("schema_id").asInt();
    // the same schema up to Java-only properties (avro.java.string): compare the canonical forms
    assertThat(org.apache.avro.SchemaNormalization.toParsingForm(SharedRegistry.client().getById(id)))
        .isEqualTo(org.apache.avro.SchemaNormalization.toParsingForm(Tick.getClassSchema()));
    AvroSerde<Tick> serde = new AvroSerde<>(SharedRegistry.client(), Tick.class, false);
    List<Tick> got = TopicReader.readUntil(SharedKafka.bootstrapServers(), topic, new StringDeserializer(),
        serde.deserializer(), Duration.ofSeconds(60), r -> r.size() >= 2).stream().map(ConsumerRecord::value).toList();
    assertThat(got).containsExactly(
        new Tick("PY1", Instant.ofEpochMilli(1_767_225_600_000L), 101.25, 7.0),
        new Tick("PY1", Instant.ofEpochMilli(1_767_225_601_000L), 101.5, null));
  }

  /**
   * A prediction with three horizons, written by our serde: Confluent's client on the new schema
   * (the writer's, from the registry) sees every horizon; on the schema from before horizons (its
   * reader schema, resolved against the writer's) it reads every field it knows and no horizons.
   */
  @Test
  void confluentsClientReadsEveryHorizonWithTheNewSchemaAndTheOldFieldsWithTheOldOne() throws Exception {
    String topic = SharedKafka.unique("interop-horizons");
    createTopic(topic);
    Prediction p = SampleRecords.predictionWithHorizons();
    AvroSerde<Prediction> serde = new AvroSerde<>(SharedRegistry.client(), Prediction.class, false);
    try (KafkaProducer<String, Prediction> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        SharedKafka.bootstrapServers()), new StringSerializer(), serde.serializer())) {
      producer.send(new ProducerRecord<>(topic, p.getSymbol(), p)).get(30, TimeUnit.SECONDS);
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode now = json.readTree(python("read", SharedKafka.bootstrapServers(), SharedRegistry.url(), topic, "1").get(0));
    assertThat(now.get("horizons")).hasSize(3);
    assertThat(now.get("horizons").get(1).get("horizon").asInt()).isEqualTo(5);
    assertThat(now.get("horizons").get(1).get("predictedPrice").asDouble()).isEqualTo(5125.0);
    assertThat(now.get("horizons").get(1).get("source").asText()).isEqualTo("BLEND");
    assertThat(now.get("horizons").get(2).get("intervalHigh").asDouble()).isEqualTo(5170.0);
    assertThat(now.get("horizons").get(2).get("skillVsNaive").isNull()).isTrue();

    Path before = Files.createTempFile("prediction-before-horizons", ".avsc");
    try (var in = ConfluentClientInteropIT.class.getResourceAsStream("/schemas/Prediction-before-horizons.avsc")) {
      Files.write(before, in.readAllBytes());
    }
    JsonNode old = json.readTree(python("read", SharedKafka.bootstrapServers(), SharedRegistry.url(), topic, "1",
        before.toString()).get(0));
    assertThat(old.has("horizons")).isFalse();
    assertThat(old.get("symbol").asText()).isEqualTo(p.getSymbol());
    assertThat(old.get("predictedPrice").asDouble()).isEqualTo(p.getPredictedPrice());
    assertThat(old.get("intervalLow").asDouble()).isEqualTo(p.getIntervalLow());
    assertThat(old.get("intervalHigh").asDouble()).isEqualTo(p.getIntervalHigh());
    assertThat(old.get("source").asText()).isEqualTo(p.getSource().name());
    assertThat(old.get("tickCount").asLong()).isEqualTo(p.getTickCount());
  }
}

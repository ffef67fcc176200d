package io.tickcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.registry.EmbeddedRegistryServer;
import io.tickcast.registry.RegistryConfig;
import io.tickcast.registry.SchemaRegistryClient;
import io.tickcast.registry.Subjects;
import io.tickcast.schema.Prediction;
import io.tickcast.schema.Tick;
import io.tickcast.testsupport.CountingListener;
import io.tickcast.testsupport.IsolatedSettings;
import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.TopicReader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema registry outage on the real broker, with a registry of its own that the test kills
 * (SIGKILL) and restarts on the same port and storage: a tick written with a schema version the
 * stream has not seen while the registry is down is neither dead-lettered nor lost nor duplicated;
 * it is predicted once the registry is back (exactly-once, read_committed).
 */
class RegistryOutageIT {
  private static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

  @Test
  void aTickWithAnUnseenSchemaWaitsOutTheRegistryOutageAndIsPredictedOnce(@TempDir Path registryData) throws Exception {
    EmbeddedRegistryServer registry = EmbeddedRegistryServer.start(EmbeddedRegistryServer.Options.defaults()
        .withDataDir(registryData));
    EmbeddedRegistryServer restarted = null;
    String run = SharedKafka.unique("regout");
    Map<String, String> s = IsolatedSettings.forRun(run, SharedKafka.bootstrapServers(), registry.url());
    s.put(TickcastConfig.STATE_DIR, Files.createTempDirectory("tickcast-" + run).toString());
    s.put(TickcastConfig.REGISTRY_MAX_RETRY_MS, "2000");
    CountingListener listener = new CountingListener();
    try (ForecastService service = ForecastService.create(TickcastConfig.of(s), listener, null)) {
      service.start();
      assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
      Topics topics = service.topics();
      String topic = topics.ticks().name();
      var v1 = topics.ticks().valueSerde().serializer();
      List<byte[]> before = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        before.add(v1.serialize(topic, new Tick("A", Instant.ofEpochMilli(T0 + i * 1000L), 100.0 + i, null)));
      }
      byte[] afterOutage = v1.serialize(topic, new Tick("A", Instant.ofEpochMilli(T0 + 11_000L), 111.0, null));
      int v2Id;
      try (SchemaRegistryClient admin = new SchemaRegistryClient(RegistryConfig.of(registry.url()))) {
        v2Id = admin.register(Subjects.value(topic), tickWithVenue());
      }
      byte[] unseen = frame(v2Id, tickWithVenue(), T0 + 10_000L, 110.0, "XNAS");
      try (KafkaProducer<String, byte[]> producer = producer()) {
        for (byte[] b : before) {
          producer.send(new ProducerRecord<>(topic, "A", b)).get(30, TimeUnit.SECONDS);
        }
        assertThat(predictions(topics, 10, Duration.ofSeconds(60))).hasSize(10);

        ProcessHandle.of(registry.pid()).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(registry.pid()).ifPresent(h -> h.onExit().join());
        producer.send(new ProducerRecord<>(topic, "A", unseen)).get(30, TimeUnit.SECONDS);
        producer.send(new ProducerRecord<>(topic, "A", afterOutage)).get(30, TimeUnit.SECONDS);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (listener.registryUnavailable.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(listener.registryUnavailable.get()).as("the stream met the outage").isPositive();
      registry.close();
      restarted = EmbeddedRegistryServer.start(EmbeddedRegistryServer.Options.defaults()
          .withDataDir(registryData).withHttpPort(registry.port()).withCompatibility(null));

      List<Prediction> got = TopicReader.readSettled(SharedKafka.bootstrapServers(), topics.predictions().name(),
              new StringDeserializer(), topics.predictions().valueSerde().deserializer(), 12, Duration.ofSeconds(240),
              Duration.ofSeconds(3))
          .stream().map(ConsumerRecord::value).toList();
      assertThat(got).extracting(Prediction::getTickCount).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
      assertThat(got.get(10).getLastPrice()).as("the tick of the unseen schema").isEqualTo(110.0);
      assertThat(got.get(11).getLastPrice()).isEqualTo(111.0);
      List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAll(SharedKafka.bootstrapServers(),
          topics.deadLetters().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer(), Duration.ofSeconds(5));
      assertThat(dead).isEmpty();
      assertThat(listener.threadsReplaced.get()).as("the failed stream thread was replaced").isPositive();
      assertThat(listener.threadShutdowns.get()).isZero();
      assertThat(service.app().streams().state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
    } finally {
      registry.close();
      if (restarted != null) {
        restarted.close();
      }
    }
  }

  private static List<Prediction> predictions(Topics topics, int n, Duration timeout) {
    return TopicReader.readUntil(SharedKafka.bootstrapServers(), topics.predictions().name(), new StringDeserializer(),
            topics.predictions().valueSerde().deserializer(), timeout, got -> got.size() >= n)
        .stream().map(ConsumerRecord::value).toList();
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Tick with one more optional field: a newer, BACKWARD-compatible version a producer could roll out. */
  private static Schema tickWithVenue() {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : Tick.getClassSchema().getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(new Schema.Field("venue", Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
        "Trading venue (MIC).", Schema.Field.NULL_DEFAULT_VALUE));
    Schema base = Tick.getClassSchema();
    return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
  }

  private static byte[] frame(int id, Schema schema, long time, double price, String venue) throws Exception {
    GenericRecord r = new GenericData.Record(schema);
    r.put("symbol", "A");
    r.put("time", time);
    r.put("price", price);
    r.put("volume", null);
    r.put("venue", venue);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(r, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}

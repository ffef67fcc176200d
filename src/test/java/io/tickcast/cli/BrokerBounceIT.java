package io.tickcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.feed.RawTick;
import io.tickcast.feed.SyntheticMarket;
import io.tickcast.registry.EmbeddedRegistryServer;
import io.tickcast.registry.SchemaRegistryClient;
import io.tickcast.schema.ModelRelease;
import io.tickcast.schema.Prediction;
import io.tickcast.schema.Tick;
import io.tickcast.testsupport.BrokerProcess;
import io.tickcast.testsupport.ChildProcess;
import io.tickcast.testsupport.IsolatedSettings;
import io.tickcast.testsupport.TopicReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The broker outage users meet, as it happens: a real broker process is SIGKILLed and restarted on
 * the same data twice (once for longer than the clients' 30 s timeouts, once briefly, together with
 * the schema registry's process, which comes back on its port and storage) while {@code
 * run} (exactly-once), {@code train --schedule} and a feed are running as separate processes. Then
 * every tick is predicted exactly once (read_committed), nothing is dead-lettered, the trainer
 * releases a model from data written after the outages, and both processes answer {@code /health}
 * UP. Before the fault handling, half of such runs ended with {@code run} exiting after a failed
 * transaction commit, and the trainer's lease loop ended on the first timeout.
 */
class BrokerBounceIT {
  private static final int SYMBOLS = 4;
  private static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

  @Test
  void aKilledAndRestartedBrokerLosesAndDuplicatesNothingAndTheTrainerReleasesAfterwards() throws Exception {
    String run = "bounce-" + Long.toHexString(System.nanoTime());
    Path registryData = Files.createTempDirectory("tickcast-" + run + "-registry");
    EmbeddedRegistryServer registry = EmbeddedRegistryServer.start(EmbeddedRegistryServer.Options.defaults()
        .withDataDir(registryData));
    EmbeddedRegistryServer[] restartedRegistry = {null};
    try (BrokerProcess broker = BrokerProcess.start()) {
      Map<String, String> s = new LinkedHashMap<>(IsolatedSettings.forRun(run, broker.bootstrapServers(), registry.url()));
      s.put(TickcastConfig.TOPIC_PARTITIONS, "2");
      s.put(TickcastConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
      s.put(TickcastConfig.TRAIN_HIDDEN, "16");
      s.put(TickcastConfig.TRAIN_SEQUENCE_LENGTH, "32");
      s.put(TickcastConfig.TRAIN_BURN_IN, "12");
      s.put(TickcastConfig.TRAIN_BATCH_SIZE, "32");
      s.put(TickcastConfig.TRAIN_LEARNING_RATE, "0.01");
      s.put(TickcastConfig.TRAIN_MAX_EPOCHS, "40");
      s.put(TickcastConfig.TRAIN_PATIENCE, "5");
      s.put(TickcastConfig.TRAIN_SEED, "3");
      s.put(TickcastConfig.TRAIN_INTERVAL_MS, "5000");
      s.put(TickcastConfig.TRAIN_AFTER_CHUNKS, "8");
      Map<String, String> app = new LinkedHashMap<>(s);
      app.put(TickcastConfig.STATE_DIR, Files.createTempDirectory("tickcast-" + run + "-app").toString());
      int appPort = freePort();
      app.put(TickcastConfig.HTTP_PORT, Integer.toString(appPort));
      Map<String, String> trainer = new LinkedHashMap<>(s);
      trainer.put(TickcastConfig.STATE_DIR, Files.createTempDirectory("tickcast-" + run + "-train").toString());
      int trainerPort = freePort();
      trainer.put(TickcastConfig.HTTP_PORT, Integer.toString(trainerPort));

      List<List<RawTick>> markets = new ArrayList<>();
      for (int k = 0; k < SYMBOLS; k++) {
        markets.add(SyntheticMarket.series("B" + k, SyntheticMarket.Kind.LAGGED_ECHO, 1200, 90 + k));
      }
      int total = SYMBOLS * 1200;
      try (ChildProcess stream = ChildProcess.start(run + "-run", args("run", app));
          ChildProcess train = ChildProcess.start(run + "-train", args("train", trainer, "--schedule"));
          KafkaProducer<String, Tick> feed = feed(broker, run, registry.url())) {
        Topics topics = Topics.create(TickcastConfig.of(new HashMap<>(s)), new SchemaRegistryClient(
            io.tickcast.registry.RegistryConfig.of(registry.url())));
        awaitHealth(appPort, stream);
        awaitHealth(trainerPort, train);

        // fewer ticks than a history chunk: no chunk, so nothing to train on before the outages
        send(feed, topics, markets, 0, 40);
        assertThat(predictions(broker, topics, 40 * SYMBOLS, Duration.ofSeconds(120)))
            .as("before the outage; run log:%n%s", stream.output()).hasSize(40 * SYMBOLS);

        // the feed writes on its own thread: a send may block on metadata while the broker is down
        broker.kill();
        CompletableFuture<List<Future<RecordMetadata>>> first = CompletableFuture.supplyAsync(
            () -> sendAsync(feed, topics, markets, 40, 300));
        Thread.sleep(35_000); // past the clients' 30 s request timeouts
        broker.restart();
        CompletableFuture<List<Future<RecordMetadata>>> second = first.thenApply(f -> sendAsync(feed, topics, markets, 300, 600));
        Thread.sleep(8_000);
        // the registry dies too, during the second broker outage, and comes back on its port and storage
        ProcessHandle.of(registry.pid()).ifPresent(h -> {
          h.destroyForcibly();
          h.onExit().join();
        });
        broker.kill();
        Thread.sleep(5_000);
        broker.restart();
        registry.close();
        restartedRegistry[0] = EmbeddedRegistryServer.start(EmbeddedRegistryServer.Options.defaults()
            .withDataDir(registryData).withHttpPort(registry.port()).withCompatibility(null));
        List<Future<RecordMetadata>> inFlight = new ArrayList<>(first.get(300, TimeUnit.SECONDS));
        inFlight.addAll(second.get(300, TimeUnit.SECONDS));
        inFlight.addAll(sendAsync(feed, topics, markets, 600, 1200));
        for (Future<RecordMetadata> f : inFlight) {
          f.get(300, TimeUnit.SECONDS);
        }
        long restartedAt = System.currentTimeMillis();

        List<Prediction> all = TopicReader.readSettled(broker.bootstrapServers(), topics.predictions().name(),
                new StringDeserializer(), topics.predictions().valueSerde().deserializer(), total, Duration.ofSeconds(300),
                Duration.ofSeconds(5))
            .stream().map(ConsumerRecord::value).toList();
        Map<String, Long> perSymbol = new HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Prediction p : all) {
          assertThat(seen.add(p.getSymbol() + "@" + p.getTickCount())).as("duplicate %s; run log:%n%s", p, stream.output()).isTrue();
          perSymbol.merge(p.getSymbol(), 1L, Long::sum);
        }
        assertThat(all).as("predictions; run log:%n%s", stream.output()).hasSize(total);
        assertThat(perSymbol).containsOnlyKeys("B0", "B1", "B2", "B3").allSatisfy((k, n) -> assertThat(n).isEqualTo(1200));
        assertThat(TopicReader.readAll(broker.bootstrapServers(), topics.deadLetters().name(), new ByteArrayDeserializer(),
            new ByteArrayDeserializer(), Duration.ofSeconds(5))).isEmpty();

        // a release trained on ticks written after the outages
        long afterOutages = T0 + markets.get(0).get(600).time() - markets.get(0).get(0).time();
        List<ModelRelease> releases = TopicReader.readUntil(broker.bootstrapServers(), topics.models().name(),
                new StringDeserializer(), topics.models().valueSerde().deserializer(), Duration.ofSeconds(240),
                got -> got.stream().anyMatch(r -> r.value().getDataTo().toEpochMilli() >= afterOutages))
            .stream().map(ConsumerRecord::value).toList();
        assertThat(releases).as("a release after the outages; trainer log:%n%s", train.output())
            .anySatisfy(r -> assertThat(r.getDataTo().toEpochMilli()).isGreaterThanOrEqualTo(afterOutages));
        assertThat(releases.get(releases.size() - 1).getCreatedAt().toEpochMilli()).isGreaterThan(restartedAt - 60_000);

        JsonNode appHealth = health(appPort);
        assertThat(appHealth.get("status").asText()).as("run log:%n%s", stream.output()).isEqualTo("UP");
        JsonNode trainerHealth = health(trainerPort);
        assertThat(trainerHealth.get("status").asText()).isEqualTo("UP");
        assertThat(trainerHealth.get("trainer").get("state").asText()).isEqualTo("ACTIVE");
        assertThat(stream.process().isAlive()).isTrue();
        assertThat(train.process().isAlive()).isTrue();
        System.out.printf("broker bounce: %d predictions, %d releases; trainer health %s%n", all.size(), releases.size(),
            trainerHealth);
      }
    } finally {
      registry.close();
      if (restartedRegistry[0] != null) {
        restartedRegistry[0].close();
      }
    }
  }

  private static List<String> args(String command, Map<String, String> settings, String... more) {
    List<String> a = new ArrayList<>(List.of(command));
    a.addAll(List.of(more));
    settings.forEach((k, v) -> {
      a.add("--set");
      a.add(k + "=" + v);
    });
    return a;
  }

  private static KafkaProducer<String, Tick> feed(BrokerProcess broker, String run, String registryUrl) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // a feed keeps its records through an outage: retried until the broker is back
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000);
    SchemaRegistryClient registry = new SchemaRegistryClient(io.tickcast.registry.RegistryConfig.of(registryUrl));
    Topics topics = Topics.create(TickcastConfig.of(new HashMap<>(IsolatedSettings.forRun(run, broker.bootstrapServers(),
        registryUrl))), registry);
    return new KafkaProducer<>(p, new StringSerializer(), topics.ticks().valueSerde().serializer());
  }

  private static void send(KafkaProducer<String, Tick> feed, Topics topics, List<List<RawTick>> markets, int from, int to)
      throws Exception {
    for (Future<RecordMetadata> f : sendAsync(feed, topics, markets, from, to)) {
      f.get(120, TimeUnit.SECONDS);
    }
  }

  private static List<Future<RecordMetadata>> sendAsync(KafkaProducer<String, Tick> feed, Topics topics,
      List<List<RawTick>> markets, int from, int to) {
    List<Future<RecordMetadata>> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      for (List<RawTick> m : markets) {
        RawTick t = m.get(i);
        out.add(feed.send(new ProducerRecord<>(topics.ticks().name(), t.symbol(),
            new Tick(t.symbol(), Instant.ofEpochMilli(T0 + (t.time() - m.get(0).time())), t.price(), null))));
      }
    }
    return out;
  }

  private static List<Prediction> predictions(BrokerProcess broker, Topics topics, int n, Duration timeout) {
    return TopicReader.readUntil(broker.bootstrapServers(), topics.predictions().name(), new StringDeserializer(),
            topics.predictions().valueSerde().deserializer(), timeout, got -> got.size() >= n)
        .stream().map(ConsumerRecord::value).toList();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static JsonNode health(int port) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body());
  }

  private static void awaitHealth(int port, ChildProcess child) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(child.process().isAlive()).as("child log:%n%s", child.output()).isTrue();
      try {
        health(port);
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("no /health on port " + port + " within 90 s; child log:\n" + child.output());
  }
}

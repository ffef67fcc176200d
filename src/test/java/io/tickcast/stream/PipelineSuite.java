package io.tickcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.feed.RawTick;
import io.tickcast.feed.SyntheticMarket;
import io.tickcast.feed.TickProducer;
import io.tickcast.forecast.ForecastEngine;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.StepResult;
import io.tickcast.schema.Prediction;
import io.tickcast.schema.Tick;
import io.tickcast.testsupport.ChildProcess;
import io.tickcast.testsupport.CountingListener;
import io.tickcast.testsupport.IsolatedSettings;
import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.TestInfrastructure;
import io.tickcast.testsupport.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The streaming path end to end on a real broker and a real registry: written once, run against
 * the in-process infrastructure ({@link EmbeddedPipelineIT}) and against containers where a Docker
 * engine exists ({@link ContainerPipelineIT}).
 *
 * <p>Expected predictions are computed offline by the same per-tick code ({@link ForecastEngine})
 * over the same ticks: an uninterrupted run. The stream must match it bit for bit, also across a
 * crash and a hand-over between instances.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PipelineSuite {
  static final int SYMBOLS = 20;
  static final int TICKS_PER_SYMBOL = 1000;

  /** All ticks, interleaved across symbols in time order. */
  private List<RawTick> ticks;
  private Map<String, List<Prediction>> expected;

  protected abstract TestInfrastructure infrastructure();

  @BeforeAll
  void makeTicksAndExpectations() {
    List<RawTick> all = new ArrayList<>();
    for (int s = 0; s < SYMBOLS; s++) {
      all.addAll(SyntheticMarket.series(String.format("SYM%02d", s), SyntheticMarket.Kind.MIXED, TICKS_PER_SYMBOL, 1000 + s));
    }
    all.sort(Comparator.comparingLong(RawTick::time).thenComparing(RawTick::symbol));
    ticks = all;
    expected = offlineRun(all);
  }

  private static Map<String, List<Prediction>> offlineRun(List<RawTick> ticks) {
    TickcastConfig config = TickcastConfig.of(Map.of());
    ForecastSettings settings = config.forecastSettings();
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastModel model = ForecastModel.defaultModel(config.getString(TickcastConfig.MODEL_NAME), settings.features());
    Map<String, ForecastState> states = new HashMap<>();
    Map<String, List<Prediction>> out = new LinkedHashMap<>();
    StepResult r = new StepResult();
    for (RawTick t : ticks) {
      ForecastState s = states.computeIfAbsent(t.symbol(), k -> engine.newState());
      engine.step(s, t.symbol(), t.time(), t.price(), t.volume(), model, System.currentTimeMillis(), r);
      out.computeIfAbsent(t.symbol(), k -> new ArrayList<>()).add(ForecastProcessor.prediction(t.symbol(), t.time(), r));
    }
    return out;
  }

  /** Settings of one run: unique topics and application id, a fresh state directory. */
  private Map<String, String> settings(String run) throws Exception {
    Map<String, String> s = IsolatedSettings.forRun(run, infrastructure().bootstrapServers(), infrastructure().registryUrl());
    s.put(TickcastConfig.STATE_DIR, Files.createTempDirectory("tickcast-" + run).toString());
    s.put(TickcastConfig.TOPIC_PARTITIONS, "4");
    s.put(TickcastConfig.COMMIT_INTERVAL_MS, "100");
    s.put(TickcastConfig.HTTP_PORT, "-1");
    return s;
  }

  private ForecastService service(Map<String, String> settings, ForecastListener listener) {
    return ForecastService.create(TickcastConfig.of(settings), listener, null);
  }

  private TickProducer producer(ForecastService service) {
    return new TickProducer(KafkaClientFactory.of(service.config()), service.topics().ticks());
  }

  private void produce(TickProducer producer, List<RawTick> slice) {
    for (RawTick t : slice) {
      producer.send(t);
    }
    producer.flush();
  }

  private List<Prediction> readPredictions(Topics topics, int count, Duration timeout) {
    return TopicReader.readUntil(infrastructure().bootstrapServers(), topics.predictions().name(), new StringDeserializer(),
            topics.predictions().valueSerde().deserializer(), timeout, got -> got.size() >= count)
        .stream().map(ConsumerRecord::value).toList();
  }

  private static void awaitRunning(ForecastService service) throws InterruptedException {
    assertThat(service.awaitRunning(Duration.ofSeconds(90))).as("streams reached RUNNING").isTrue();
  }

  /** Per symbol, the stream's predictions equal the uninterrupted offline run's, bit for bit and in order. */
  private void assertMatchesUninterruptedRun(List<Prediction> got, int ticksPerSymbol) {
    Map<String, List<Prediction>> bySymbol = new HashMap<>();
    for (Prediction p : got) {
      bySymbol.computeIfAbsent(p.getSymbol(), k -> new ArrayList<>()).add(p);
    }
    assertThat(bySymbol.keySet()).hasSize(SYMBOLS);
    for (var e : bySymbol.entrySet()) {
      List<Prediction> want = expected.get(e.getKey()).subList(0, ticksPerSymbol);
      assertThat(e.getValue()).as("predictions of %s", e.getKey()).hasSize(ticksPerSymbol);
      for (int i = 0; i < ticksPerSymbol; i++) {
        assertThat(e.getValue().get(i)).as("%s prediction %d", e.getKey(), i).isEqualTo(want.get(i));
      }
    }
  }

  @Test
  void everyValidTickGetsExactlyOnePredictionInOrderWithItsModelVersion() throws Exception {
    String run = SharedKafka.unique("e2e");
    try (ForecastService service = service(settings(run), ForecastListener.NONE)) {
      // start and feed at once: the app writes to output topics created a moment ago (KAFKA-15591)
      service.start();
      try (TickProducer producer = producer(service)) {
        produce(producer, ticks);
      }
      List<Prediction> got = readPredictions(service.topics(), ticks.size(), Duration.ofSeconds(120));
      assertThat(got).hasSize(ticks.size());
      assertThat(got).allSatisfy(p -> assertThat(p.getModelVersion()).isZero());
      assertMatchesUninterruptedRun(got, TICKS_PER_SYMBOL);
    }
  }

  @Test
  void badInputIsDeadLetteredWithItsReasonWhileEveryValidTickIsPredicted() throws Exception {
    String run = SharedKafka.unique("bad");
    Map<String, String> s = settings(run);
    s.put(TickcastConfig.STALE_POLICY, "dead-letter");
    CountingListener listener = new CountingListener();
    try (ForecastService service = service(s, listener)) {
      service.start();
      awaitRunning(service);
      String topic = service.topics().ticks().name();
      var avro = service.topics().ticks().valueSerde().serializer();
      long t0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure().bootstrapServers());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
      int valid = 0;
      for (int i = 0; i < 50; i++) {
        records.add(new ProducerRecord<>(topic, "OK", avro.serialize(topic, new Tick("OK", Instant.ofEpochMilli(t0 + i * 1000L), 100.0 + i, null))));
        valid++;
        switch (i) {
          case 5 -> records.add(new ProducerRecord<>(topic, "OK", "not avro at all".getBytes(StandardCharsets.UTF_8)));
          case 6 -> records.add(new ProducerRecord<>(topic, "OK", new byte[] {0, 0x7f, 0x7f, 0x7f, 0x70, 1, 2}));
          case 7 -> records.add(new ProducerRecord<>(topic, "OK", avro.serialize(topic, new Tick("OK", Instant.ofEpochMilli(t0 + 7_500), Double.NaN, null))));
          case 8 -> records.add(new ProducerRecord<>(topic, "OK", avro.serialize(topic, new Tick("OK", Instant.ofEpochMilli(t0 + 8_500), 0.0, null))));
          case 9 -> records.add(new ProducerRecord<>(topic, "OK", avro.serialize(topic, new Tick("OK", Instant.ofEpochMilli(t0 + 9_500), -1.0, null))));
          case 10 -> records.add(new ProducerRecord<>(topic, "", avro.serialize(topic, new Tick("", Instant.ofEpochMilli(t0 + 10_500), 1.0, null))));
          case 11 -> records.add(new ProducerRecord<>(topic, "OK", avro.serialize(topic, new Tick("OK", Instant.ofEpochMilli(t0 + 1_000), 99.0, null))));
          case 12 -> { // an exact repeat of tick 12: valid and processed (ticks.drop.duplicates is off)
            records.add(new ProducerRecord<>(topic, "OK", avro.serialize(topic, new Tick("OK", Instant.ofEpochMilli(t0 + 12_000), 112.0, null))));
            valid++;
          }
          case 13 -> {
            String longSymbol = "L".repeat(4000);
            records.add(new ProducerRecord<>(topic, longSymbol, avro.serialize(topic, new Tick(longSymbol, Instant.ofEpochMilli(t0), 1.0, null))));
          }
          default -> { }
        }
      }
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
        for (ProducerRecord<String, byte[]> r : records) {
          producer.send(r).get(30, TimeUnit.SECONDS);
        }
      }
      List<Prediction> got = readPredictions(service.topics(), valid, Duration.ofSeconds(60));
      assertThat(got).hasSize(valid);
      assertThat(got).extracting(Prediction::getTickCount).doesNotHaveDuplicates();
      List<ConsumerRecord<String, byte[]>> dead = TopicReader.readUntil(infrastructure().bootstrapServers(),
          service.topics().deadLetters().name(), new StringDeserializer(), new ByteArrayDeserializer(), Duration.ofSeconds(60),
          d -> d.size() >= 8);
      List<String> reasons = dead.stream().map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).sorted().toList();
      assertThat(reasons).containsExactly("empty_symbol", "out_of_order", "price_not_finite", "price_not_positive",
          "price_not_positive", "symbol_too_long", "undecodable", "unknown_schema");
      ConsumerRecord<String, byte[]> garbage = dead.stream()
          .filter(r -> "undecodable".equals(DeadLetters.header(r.headers(), DeadLetters.REASON)))
          .filter(r -> new String(r.value(), StandardCharsets.UTF_8).equals("not avro at all")).findFirst().orElseThrow();
      assertThat(DeadLetters.header(garbage.headers(), DeadLetters.DETAIL)).containsIgnoringCase("magic byte");
      assertThat(DeadLetters.header(garbage.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(topic);
      assertThat(DeadLetters.header(garbage.headers(), DeadLetters.SOURCE_OFFSET)).isNotBlank();
      assertThat(dead).anySatisfy(r -> assertThat(DeadLetters.header(r.headers(), DeadLetters.DETAIL)).containsIgnoringCase("schema id"));
      assertThat(listener.duplicates.get()).isZero();
    }
  }

  /**
   * A producer that does not key by symbol (null keys spread over the partitions): by default each
   * such tick is dead-lettered as key_missing; with ticks.rekey the stream re-keys them through a
   * repartition topic, and the symbol's 40 ticks build one state in one task.
   */
  @Test
  void unkeyedTicksAreDeadLetteredByDefaultAndForecastInOneStateWhenReKeyed() throws Exception {
    for (boolean rekey : new boolean[] {false, true}) {
      String run = SharedKafka.unique(rekey ? "rekey" : "nokey");
      Map<String, String> s = settings(run);
      s.put(TickcastConfig.REKEY, Boolean.toString(rekey));
      CountingListener listener = new CountingListener();
      try (ForecastService service = service(s, listener)) {
        service.start();
        awaitRunning(service);
        String topic = service.topics().ticks().name();
        var avro = service.topics().ticks().valueSerde().serializer();
        long t0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // the default partitioner spreads records without a key over the partitions
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
          for (int i = 0; i < 40; i++) {
            producer.send(new ProducerRecord<>(topic, null,
                avro.serialize(topic, new Tick("NULLKEY", Instant.ofEpochMilli(t0 + i * 1000L), 100.0 + i, null)))).get(30, TimeUnit.SECONDS);
          }
        }
        if (rekey) {
          // Ticks spread over partitions reach the repartition topic in the order their source tasks
          // ran, not in the feed's order: a tick that arrives after a later one of its symbol is stale
          // (counted, policy drop). Every tick is accounted for, and the symbol has one state.
          long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
          while (listener.predictions.get() + listener.stale.get() < 40 && System.nanoTime() < deadline) {
            Thread.sleep(100);
          }
          assertThat(listener.predictions.get() + listener.stale.get()).isEqualTo(40);
          List<Prediction> got = TopicReader.readSettled(infrastructure().bootstrapServers(),
                  service.topics().predictions().name(), new StringDeserializer(),
                  service.topics().predictions().valueSerde().deserializer(), (int) listener.predictions.get(),
                  Duration.ofSeconds(60), Duration.ofSeconds(2))
              .stream().map(ConsumerRecord::value).toList();
          assertThat(got).as("one state: tick counts 1..n, none twice").extracting(Prediction::getTickCount)
              .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, got.size()).boxed().toList());
          assertThat(got).extracting(Prediction::getLastPrice).isSorted();
          assertThat(got.size()).isGreaterThanOrEqualTo(10);
          assertThat(listener.deadLetters.values().stream().mapToLong(java.util.concurrent.atomic.AtomicLong::get).sum()).isZero();
        } else {
          List<ConsumerRecord<String, byte[]>> dead = TopicReader.readUntil(infrastructure().bootstrapServers(),
              service.topics().deadLetters().name(), new StringDeserializer(), new ByteArrayDeserializer(), Duration.ofSeconds(60),
              d -> d.size() >= 40);
          assertThat(dead).hasSize(40).allSatisfy(r -> assertThat(DeadLetters.header(r.headers(), DeadLetters.REASON))
              .isEqualTo("key_missing"));
        }
      }
    }
  }

  @Test
  void afterAKillAnInstanceWithAnEmptyStateDirectoryContinuesBitForBitWithNothingLostOrDuplicated() throws Exception {
    String run = SharedKafka.unique("crash");
    Map<String, String> s = settings(run);
    List<String> args = new ArrayList<>(List.of("run"));
    s.forEach((k, v) -> {
      args.add("--set");
      args.add(k + "=" + v);
    });
    int firstPart = 5_000;
    Topics topics = ForecastService.prepare(TickcastConfig.of(s), io.tickcast.config.Registries.client(TickcastConfig.of(s)));
    try (TickProducer producer = new TickProducer(KafkaClientFactory.of(TickcastConfig.of(s)), topics.ticks())) {
      produce(producer, ticks.subList(0, firstPart));
      try (ChildProcess first = ChildProcess.start(run + "-1", args)) {
        List<Prediction> before = readPredictions(topics, firstPart, Duration.ofSeconds(120));
        assertThat(before).as("predictions before the kill; child log:%n%s", first.output()).hasSize(firstPart);
        produce(producer, ticks.subList(firstPart, firstPart + 500));  // in flight when the process dies
        first.kill();
      }
      produce(producer, ticks.subList(firstPart + 500, ticks.size()));
      List<String> fresh = new ArrayList<>(args);
      fresh.set(fresh.indexOf(TickcastConfig.STATE_DIR + "=" + s.get(TickcastConfig.STATE_DIR)),
          TickcastConfig.STATE_DIR + "=" + Files.createTempDirectory("tickcast-" + run + "-fresh"));
      try (ChildProcess second = ChildProcess.start(run + "-2", fresh)) {
        // read on for a while after the last expected prediction: no duplicate may arrive. The fresh
        // instance restores every state from the changelog before it processes the 15,000 ticks
        // left; on a loaded 2-core CI host that has taken over 180 s
        List<Prediction> all = TopicReader.readSettled(infrastructure().bootstrapServers(), topics.predictions().name(),
                new StringDeserializer(), topics.predictions().valueSerde().deserializer(), ticks.size(),
                Duration.ofSeconds(300), Duration.ofSeconds(3))
            .stream().map(ConsumerRecord::value).toList();
        assertThat(all).as("child log:%n%s", second.output()).hasSizeGreaterThanOrEqualTo(ticks.size());
        Set<String> keys = new HashSet<>();
        for (Prediction p : all) {
          assertThat(keys.add(p.getSymbol() + "@" + p.getTickCount())).as("duplicate %s", p).isTrue();
        }
        assertThat(all).hasSize(ticks.size());
        assertMatchesUninterruptedRun(all, TICKS_PER_SYMBOL);
      }
    }
  }

  @Test
  void twoInstancesShareThePartitionsAndTheSurvivorTakesOverWithStateIntact() throws Exception {
    String run = SharedKafka.unique("scale");
    Map<String, String> first = settings(run);
    Map<String, String> second = new LinkedHashMap<>(first);
    second.put(TickcastConfig.STATE_DIR, Files.createTempDirectory("tickcast-" + run + "-b").toString());
    int firstPart = ticks.size() / 2;
    try (ForecastService a = service(first, ForecastListener.NONE); ForecastService b = service(second, ForecastListener.NONE);
        TickProducer producer = producer(a)) {
      a.start();
      b.start();
      awaitRunning(a);
      awaitRunning(b);
      produce(producer, ticks.subList(0, firstPart));
      assertThat(readPredictions(a.topics(), firstPart, Duration.ofSeconds(120))).hasSize(firstPart);
      assertThat(activeTasks(a)).as("tasks of instance a").isPositive();
      assertThat(activeTasks(b)).as("tasks of instance b").isPositive();
      assertThat(activeTasks(a) + activeTasks(b)).isEqualTo(4);
      b.close();
      produce(producer, ticks.subList(firstPart, ticks.size()));
      List<Prediction> got = readPredictions(a.topics(), ticks.size(), Duration.ofSeconds(180));
      assertThat(activeTasks(a)).isEqualTo(4);
      assertThat(got).hasSize(ticks.size());
      assertMatchesUninterruptedRun(got, TICKS_PER_SYMBOL);
    }
  }

  private static int activeTasks(ForecastService s) {
    KafkaStreams streams = s.app().streams();
    return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
  }
}

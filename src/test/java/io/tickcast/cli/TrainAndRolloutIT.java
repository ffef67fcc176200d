package io.tickcast.cli;

import io.tickcast.config.KafkaClientFactory;
import io.tickcast.stream.ForecastService;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.feed.SyntheticMarket;
import io.tickcast.feed.TickProducer;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.StateDict;
import io.tickcast.lstm.Tensor;
import io.tickcast.model.ModelReleases;
import io.tickcast.schema.ForecastSource;
import io.tickcast.schema.ModelRelease;
import io.tickcast.schema.Prediction;
import io.tickcast.testsupport.CountingListener;
import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.TopicReader;
import io.tickcast.train.KafkaTestConfig;
import io.tickcast.train.Trainer;
import io.tickcast.train.TrainerService;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Retraining and rollout on the real broker and registry, one running instance throughout: the
 * trainer releases v1 from the history the stream wrote, and predictions switch to it without a
 * restart and get better; poisoned releases are refused while v1 keeps serving; a bad model makes
 * symbols fall back to naive, and a good one brings them back. The feed is a lagged echo (r_t =
 * 0.6·r_{t-8} + noise; optimal skill against naive 1 - 0.64 = 0.36), which the built-in default
 * model cannot see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainAndRolloutIT {
  private static final int SYMBOLS = 4;

  private final CountingListener listener = new CountingListener();
  private final List<SyntheticMarket> markets = new ArrayList<>();
  private TickcastConfig config;
  private ForecastService service;
  private Topics topics;
  private TickProducer feed;
  private long sent;

  @BeforeAll
  void start() throws Exception {
    Map<String, Object> p = KafkaTestConfig.props("rollout");
    p.put(TickcastConfig.STATE_DIR, Files.createTempDirectory("tickcast-rollout").toString());
    p.put(TickcastConfig.ERROR_HALF_LIFE, 50.0);
    p.put(TickcastConfig.FALLBACK_MIN_TICKS, 20);
    p.put(TickcastConfig.COMMIT_INTERVAL_MS, 100L);
    config = TickcastConfig.of(p);
    service = ForecastService.create(config, listener, null);
    topics = service.topics();
    service.start();
    assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
    for (int s = 0; s < SYMBOLS; s++) {
      markets.add(new SyntheticMarket("S" + s, SyntheticMarket.Kind.LAGGED_ECHO, 0.001, 100.0,
          1_767_225_600_000L, 1000, 70 + s));
    }
    feed = new TickProducer(KafkaClientFactory.of(config), topics.ticks());
  }

  @AfterAll
  void stop() {
    if (feed != null) {
      feed.close();
    }
    if (service != null) {
      service.close();
    }
  }

  /** Sends {@code n} more ticks of every symbol and waits until the stream has predicted them all. */
  private List<Prediction> feedAndAwait(int n) {
    for (int i = 0; i < n; i++) {
      for (SyntheticMarket m : markets) {
        feed.send(m.next());
      }
    }
    feed.flush();
    sent += (long) n * SYMBOLS;
    long expected = sent;
    List<ConsumerRecord<String, Prediction>> all = TopicReader.readUntil(SharedKafka.bootstrapServers(),
        topics.predictions().name(), topics.predictions().keySerde().deserializer(),
        topics.predictions().valueSerde().deserializer(), Duration.ofSeconds(120), got -> got.size() >= expected);
    assertThat(all).hasSize((int) expected);
    return all.stream().map(ConsumerRecord::value).toList();
  }

  /** Predictions of ticks after each symbol's {@code ticksPerSymbol}-th (partitions interleave, symbols do not). */
  private static List<Prediction> since(List<Prediction> all, long ticksPerSymbol) {
    return all.stream().filter(p -> p.getTickCount() > ticksPerSymbol).toList();
  }

  /** 1 - MSE of the emitted log-return forecasts / naive's, over predictions of the given model version. */
  private static double skill(List<Prediction> predictions, int version) {
    Map<String, Prediction> previous = new HashMap<>();
    double model = 0;
    double naive = 0;
    for (Prediction p : predictions) {
      Prediction before = previous.put(p.getSymbol(), p);
      if (before == null || before.getModelVersion() != version || before.getSource() == ForecastSource.WARMUP) {
        continue;
      }
      double actual = Math.log(p.getLastPrice() / before.getLastPrice());
      model += Math.pow(before.getPredictedReturn() - actual, 2);
      naive += actual * actual;
    }
    return 1 - model / naive;
  }

  private void publish(ModelRelease release) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    try (KafkaProducer<String, ModelRelease> producer = new KafkaProducer<>(p, topics.models().keySerde().serializer(),
        topics.models().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.models().name(), release.getModelName(), release)).get();
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private ModelRelease current() {
    return service.app().models().currentRelease();
  }

  @Test
  @Order(1)
  void aTrainerRunReleasesVersion1AndPredictionsSwitchToItWithoutARestartAndImprove() throws Exception {
    List<Prediction> before = feedAndAwait(2500);
    assertThat(before).allMatch(p -> p.getModelVersion() == 0);
    Trainer.Run run = TrainerService.runOnce(config, topics, Duration.ofMinutes(1));
    assertThat(run.status()).as(run.detail()).isEqualTo(Trainer.Status.RELEASED);
    assertThat(run.version()).isEqualTo(1);
    await(() -> current() != null && current().getVersion() == 1, "v1 in use");

    List<Prediction> all = feedAndAwait(1500);
    List<Prediction> after = since(all, 2500);
    assertThat(after).hasSize(1500 * SYMBOLS);
    assertThat(after).allMatch(p -> p.getModelVersion() == 1);
    assertThat(listener.rewarms.get()).isEqualTo(SYMBOLS);
    double skillBefore = skill(all, 0);
    double skillAfter = skill(all, 1);
    System.out.printf("online skill: v0 %.4f, v1 %.4f%n", skillBefore, skillAfter);
    // v1's skill varies between runs: the trainer reads the chunks closed so far, whose boundaries
    // depend on timing (optimum 0.36). Trained for horizon 1 alone it measured 0.14 to 0.23; trained
    // jointly for the default horizons 1, 5 and 20, which share the cell, 0.086. The claim is the
    // improvement, by a clear margin.
    assertThat(skillAfter).isGreaterThan(skillBefore + 0.05);
  }

  @Test
  @Order(2)
  void poisonedReleasesAreRefusedAndPredictionsStayOnTheOldVersion() throws Exception {
    ModelRelease v1 = current();
    ModelRelease nan = ModelRelease.newBuilder(v1).setVersion(2).setWeights(new ArrayList<>(v1.getWeights())).build();
    io.tickcast.schema.Tensor first = nan.getWeights().get(0);
    List<Float> values = new ArrayList<>(first.getValues());
    values.set(0, Float.NaN);
    nan.getWeights().set(0, io.tickcast.schema.Tensor.newBuilder(first).setValues(values).build());
    ModelRelease misshapen = ModelRelease.newBuilder(v1).setVersion(3).setWeights(new ArrayList<>(v1.getWeights())).build();
    misshapen.getWeights().remove(misshapen.getWeights().size() - 1); // no head bias
    long refusedBefore = listener.modelsRefused.get();
    publish(nan);
    publish(misshapen);
    await(() -> listener.modelsRefused.get() == refusedBefore + 2, "two refusals");

    long already = sent / SYMBOLS;
    List<Prediction> all = feedAndAwait(100);
    assertThat(current().getVersion()).isEqualTo(1);
    assertThat(since(all, already)).allMatch(p -> p.getModelVersion() == 1);
  }

  private ModelRelease constantModel(int version, float z) {
    StateDict d = LstmModel.initialise(4, 8, 1, 1, 0f).withZeroHead().toStateDict();
    d.put("head.bias", Tensor.vector(z));
    return ModelReleases.builder(config.getString(TickcastConfig.MODEL_NAME), version, LstmModel.fromStateDict(d),
        io.tickcast.features.FeatureSpec.DEFAULT, config.forecastSettings().features(), System.currentTimeMillis())
        .setOrigin("import").build();
  }

  @Test
  @Order(3)
  void aLosingModelFallsBackToNaiveAndAWinningOneTakesOverAgain() throws Exception {
    ModelRelease good = current();
    long engagedBefore = listener.fallbacksEngaged.get();
    publish(constantModel(4, 3f)); // always forecasts a 3-sigma rise: far worse than naive
    await(() -> current().getVersion() == 4, "the losing model in use");
    long already = sent / SYMBOLS;
    List<Prediction> bad = feedAndAwait(150);
    assertThat(listener.fallbacksEngaged.get() - engagedBefore).isPositive();
    List<Prediction> lastOfBad = since(bad, sent / SYMBOLS - 1);
    // FALLBACK: the LSTM holds under 1% of the combination's weight, so the emitted forecast is the
    // baselines' (near naive), far from the losing model's 3-sigma rise
    assertThat(lastOfBad).allMatch(p -> p.getSource() == ForecastSource.FALLBACK
        && Math.abs(p.getPredictedPrice() - p.getLastPrice()) < Math.abs(p.getLstmPredictedPrice() - p.getLastPrice()) / 10);

    publish(ModelRelease.newBuilder(good).setVersion(5).build());
    await(() -> current().getVersion() == 5, "the good model in use");
    List<Prediction> all = feedAndAwait(600);
    List<Prediction> lastOfGood = since(all, sent / SYMBOLS - 1);
    assertThat(lastOfGood).allMatch(p -> p.getSource() == ForecastSource.LSTM && p.getModelVersion() == 5);
    assertThat(lastOfGood).hasSize(SYMBOLS);
    assertThat(since(all, already)).anyMatch(p -> p.getSource() == ForecastSource.FALLBACK)
        .anyMatch(p -> p.getSource() == ForecastSource.LSTM);
  }
}

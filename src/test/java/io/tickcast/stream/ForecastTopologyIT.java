package io.tickcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.config.Registries;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.RejectReason;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.StateDict;
import io.tickcast.lstm.Tensor;
import io.tickcast.model.ModelReleases;
import io.tickcast.registry.SchemaRegistryClient;
import io.tickcast.schema.ForecastSource;
import io.tickcast.schema.HistoryChunk;
import io.tickcast.schema.HorizonForecast;
import io.tickcast.schema.ModelRelease;
import io.tickcast.schema.Prediction;
import io.tickcast.schema.Tick;
import io.tickcast.testsupport.CountingListener;
import io.tickcast.testsupport.IsolatedSettings;
import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.SharedRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topology's logic under TopologyTestDriver, with the real schema registry behind the serdes. */
class ForecastTopologyIT {
  private static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

  private final CountingListener listener = new CountingListener();
  private TopologyTestDriver driver;
  private Topics topics;
  private TickcastConfig config;
  private ModelHolder models;
  private TestInputTopic<String, Tick> ticks;
  private TestInputTopic<String, byte[]> rawTicks;
  private TestInputTopic<String, ModelRelease> releases;
  private TestOutputTopic<String, Prediction> predictions;
  private TestOutputTopic<String, HistoryChunk> history;
  private TestOutputTopic<String, byte[]> dlq;
  private Path stateDir;

  @BeforeEach
  void start() throws Exception {
    String suffix = SharedKafka.unique("ttd");
    stateDir = Files.createTempDirectory("tickcast-ttd");
    // TopologyTestDriver needs no broker: the bootstrap servers are never contacted
    Map<String, Object> props = new HashMap<>(IsolatedSettings.forRun(suffix, "localhost:9092", SharedRegistry.url()));
    props.put(TickcastConfig.STATE_DIR, stateDir.toString());
    props.put(TickcastConfig.CHUNK_TICKS, 10);
    props.put(TickcastConfig.WARMUP_TICKS, 5);
    props.put(TickcastConfig.STALE_POLICY, "dead-letter");
    config = TickcastConfig.of(props);
    SchemaRegistryClient registry = SharedRegistry.client();
    topics = Topics.create(config, registry);
    Registries.prepareSubjects(registry, topics);
    models = new ModelHolder(config.getString(TickcastConfig.MODEL_NAME), config.forecastSettings().features(),
        config.horizons(), listener);
    Properties p = ForecastApp.streamsProperties(config, topics, listener, null);
    driver = new TopologyTestDriver(ForecastTopology.build(topics, config.forecastSettings(), models, listener), p,
        Instant.parse("2026-06-01T00:00:00Z"));
    ticks = driver.createInputTopic(topics.ticks().name(), new StringSerializer(), topics.ticks().valueSerde().serializer());
    rawTicks = driver.createInputTopic(topics.ticks().name(), new StringSerializer(), new ByteArraySerializer());
    releases = driver.createInputTopic(topics.models().name(), new StringSerializer(), topics.models().valueSerde().serializer());
    predictions = driver.createOutputTopic(topics.predictions().name(), new StringDeserializer(), topics.predictions().valueSerde().deserializer());
    history = driver.createOutputTopic(topics.history().name(), new StringDeserializer(), topics.history().valueSerde().deserializer());
    dlq = driver.createOutputTopic(topics.deadLetters().name(), new StringDeserializer(), topics.deadLetters().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private static Tick tick(String symbol, long time, double price) {
    return new Tick(symbol, Instant.ofEpochMilli(time), price, null);
  }

  @Test
  void everyValidTickGetsOnePredictionInOrderCarryingTheModelVersion() {
    for (int i = 0; i < 30; i++) {
      ticks.pipeInput("A", tick("A", T0 + i * 1000L, 100 + i * 0.1));
      ticks.pipeInput("B", tick("B", T0 + i * 1000L, 50 - i * 0.05));
    }
    List<TestRecord<String, Prediction>> out = predictions.readRecordsToList();
    assertThat(out).hasSize(60);
    for (String s : List.of("A", "B")) {
      List<Prediction> ps = out.stream().filter(r -> r.key().equals(s)).map(TestRecord::value).toList();
      assertThat(ps).hasSize(30);
      for (int i = 0; i < 30; i++) {
        Prediction p = ps.get(i);
        assertThat(p.getTickTime()).isEqualTo(Instant.ofEpochMilli(T0 + i * 1000L));
        assertThat(p.getTickCount()).isEqualTo(i + 1);
        assertThat(p.getModelVersion()).isZero();
        assertThat(p.getModelName()).isEqualTo("tickcast");
        assertThat(p.getSource()).isEqualTo(i < 5 ? ForecastSource.WARMUP : ForecastSource.LSTM);
        assertThat(p.getNaivePrice()).isEqualTo(p.getLastPrice());
      }
    }
    assertThat(listener.predictions.get()).isEqualTo(60);
  }

  /**
   * Every prediction carries one forecast per configured horizon (issue 16), the first repeating the
   * top-level forecast. Passes once the engine fills the step's horizons.
   */
  @Test
  void everyPredictionCarriesOneForecastPerConfiguredHorizon() {
    for (int i = 0; i < 30; i++) {
      ticks.pipeInput("A", tick("A", T0 + i * 1000L, 100 + i * 0.1));
    }
    List<Prediction> ps = predictions.readValuesToList();
    assertThat(ps).hasSize(30).allSatisfy(p -> {
      assertThat(p.getHorizons()).extracting(HorizonForecast::getHorizon).isEqualTo(config.horizons().toList());
      HorizonForecast next = p.getHorizons().get(0);
      assertThat(next.getPredictedPrice()).isEqualTo(p.getPredictedPrice());
      assertThat(next.getPredictedReturn()).isEqualTo(p.getPredictedReturn());
      assertThat(next.getIntervalLow()).isEqualTo(p.getIntervalLow());
      assertThat(next.getIntervalHigh()).isEqualTo(p.getIntervalHigh());
      assertThat(next.getSource()).isEqualTo(p.getSource());
      assertThat(next.getSkillVsNaive()).isEqualTo(p.getSkillVsNaive());
    });
  }

  /** Records the processing time it is told of; times steps only if asked to. */
  private static final class TimingListener implements ForecastListener {
    private final boolean timesSteps;
    final List<Long> nanos = new java.util.concurrent.CopyOnWriteArrayList<>();

    TimingListener(boolean timesSteps) {
      this.timesSteps = timesSteps;
    }

    @Override
    public boolean timesSteps() {
      return timesSteps;
    }

    @Override
    public void predicted(String symbol, long tickTime, io.tickcast.forecast.StepResult result,
        io.tickcast.forecast.ForecastState state, long nanos) {
      this.nanos.add(nanos);
    }
  }

  @Test
  void theProcessingTimeIsMeasuredOnlyForAListenerThatTimesSteps() {
    driver.close();
    TimingListener timed = new TimingListener(true);
    TimingListener untimed = new TimingListener(false);
    assertThat(untimed.andThen(timed).timesSteps()).isTrue();
    assertThat(untimed.andThen(new TimingListener(false)).timesSteps()).isFalse();
    assertThat(listener.timesSteps()).isFalse();
    for (TimingListener l : List.of(untimed, timed)) {
      driver = new TopologyTestDriver(ForecastTopology.build(topics, config.forecastSettings(), models, l),
          ForecastApp.streamsProperties(config, topics, l, null), Instant.parse("2026-06-01T00:00:00Z"));
      TestInputTopic<String, Tick> in = driver.createInputTopic(topics.ticks().name(), new StringSerializer(),
          topics.ticks().valueSerde().serializer());
      for (int i = 0; i < 20; i++) {
        in.pipeInput("A", tick("A", T0 + i * 1000L, 100 + i * 0.1));
      }
      driver.close();
    }
    assertThat(untimed.nanos).hasSize(20).containsOnly(0L);
    assertThat(timed.nanos).hasSize(20).allSatisfy(n -> assertThat(n).isPositive());
    driver = new TopologyTestDriver(ForecastTopology.build(topics, config.forecastSettings(), models, listener),
        ForecastApp.streamsProperties(config, topics, listener, null), Instant.parse("2026-06-01T00:00:00Z"));
  }

  @Test
  void invalidInputGoesToTheDeadLetterTopicWithItsReasonAndTheStreamContinues() {
    ticks.pipeInput("A", tick("A", T0, 100));
    rawTicks.pipeInput("A", new byte[] {1, 2, 3, 4, 5, 6});                 // wrong magic byte
    rawTicks.pipeInput("A", new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 3});  // unknown schema id
    ticks.pipeInput("A", tick("A", T0 + 1000, Double.NaN));
    ticks.pipeInput("A", tick("A", T0 + 2000, 0.0));
    ticks.pipeInput("A", tick("A", T0 + 3000, -5.0));
    ticks.pipeInput("", tick("", T0 + 4000, 10.0));
    String longSymbol = "X".repeat(5000);
    ticks.pipeInput(longSymbol, tick(longSymbol, T0 + 5000, 10.0));
    ticks.pipeInput("A", tick("A", T0 + 6000, 101));
    ticks.pipeInput("A", tick("A", T0 + 6000, 101));        // an exact repeat: valid, processed (ticks.drop.duplicates is off)
    ticks.pipeInput("A", tick("A", T0 + 500, 99));          // time going backwards
    ticks.pipeInput("B", tick("A", T0 + 7000, 102));        // key says B, tick says A
    ticks.pipeInput((String) null, tick("A", T0 + 7500, 102)); // no key: would land on any partition
    ticks.pipeInput("A", tick("A", T0 + 8000, 103));

    List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
    List<String> reasons = dead.stream().map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).toList();
    // Undecodable bytes are dead-lettered by the deserialisation handler, whose records
    // TopologyTestDriver does not capture; PipelineSuite checks them on a real broker.
    assertThat(reasons).containsExactly(
        "price_not_finite", "price_not_positive", "price_not_positive",
        "empty_symbol", "symbol_too_long", "out_of_order", "key_mismatch", "key_missing");
    assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(topics.ticks().name());
    assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("3");
    // a refused tick is kept exactly as it was received
    Tick back = topics.ticks().valueSerde().deserializer().deserialize(topics.ticks().name(), dead.get(0).value());
    assertThat(back.getPrice()).isNaN();

    List<Prediction> ps = predictions.readValuesToList();
    assertThat(ps).extracting(Prediction::getLastPrice).containsExactly(100.0, 101.0, 101.0, 103.0);
    assertThat(listener.duplicates.get()).isZero();
    assertThat(listener.deadLetters(RejectReason.UNDECODABLE)).isEqualTo(1);
    assertThat(listener.deadLetters(RejectReason.UNKNOWN_SCHEMA)).as("an id the registry answered 404 for").isEqualTo(1);
  }

  @Test
  void withReKeyingUnkeyedAndOtherwiseKeyedTicksAreForecastPerSymbolInOneState() {
    driver.close();
    Topology rekeyed = ForecastTopology.build(topics, config.forecastSettings(), models, listener,
        ForecastTopology.DEFAULT_DECODED_STATES, true);
    assertThat(rekeyed.describe().toString()).contains(ForecastTopology.REKEYED + "-repartition");
    driver = new TopologyTestDriver(rekeyed, ForecastApp.streamsProperties(config, topics, listener, null),
        Instant.parse("2026-06-01T00:00:00Z"));
    TestInputTopic<String, Tick> in = driver.createInputTopic(topics.ticks().name(), new StringSerializer(),
        topics.ticks().valueSerde().serializer());
    TestOutputTopic<String, Prediction> out = driver.createOutputTopic(topics.predictions().name(), new StringDeserializer(),
        topics.predictions().valueSerde().deserializer());
    TestOutputTopic<String, byte[]> deadOut = driver.createOutputTopic(topics.deadLetters().name(), new StringDeserializer(),
        topics.deadLetters().valueSerde().deserializer());
    for (int i = 0; i < 40; i++) {
      String key = switch (i % 3) {
        case 0 -> null;
        case 1 -> "partition-" + i;
        default -> "NULLKEY";
      };
      in.pipeInput(key, tick("NULLKEY", T0 + i * 1000L, 100 + i));
    }
    in.pipeInput((String) null, tick("", T0, 5.0)); // still validated after the re-keying
    List<TestRecord<String, Prediction>> ps = out.readRecordsToList();
    assertThat(ps).hasSize(40).allSatisfy(r -> assertThat(r.key()).isEqualTo("NULLKEY"));
    assertThat(ps).extracting(r -> r.value().getTickCount()).containsExactlyElementsOf(
        java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
    assertThat(ps.get(39).value().getLastPrice()).isEqualTo(139.0);
    assertThat(ps.get(39).value().getSource()).isNotEqualTo(ForecastSource.WARMUP);
    List<TestRecord<String, byte[]>> dead = deadOut.readRecordsToList();
    assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).containsExactly("empty_symbol");
    Tick back = topics.ticks().valueSerde().deserializer().deserialize(topics.ticks().name(), dead.get(0).value());
    assertThat(back.getPrice()).as("dead-lettered as the feed wrote it").isEqualTo(5.0);
  }

  @Test
  void historyChunksAreWrittenPerSymbolWithTheirIndexInTheKey() {
    for (int i = 0; i < 25; i++) {
      ticks.pipeInput("A", tick("A", T0 + i * 1000L, 100 + i));
    }
    List<TestRecord<String, HistoryChunk>> chunks = history.readRecordsToList();
    assertThat(chunks).extracting(TestRecord::key).containsExactly("A#0", "A#1");
    assertThat(chunks.get(1).value().getTicks()).hasSize(10);
    assertThat(chunks.get(1).value().getTicks().get(0).getPrice()).isEqualTo(110.0);
    // the idle punctuator closes the open chunk once it has been open for the chunk time
    driver.advanceWallClockTime(java.time.Duration.ofMinutes(2));
    List<TestRecord<String, HistoryChunk>> idle = history.readRecordsToList();
    assertThat(idle).extracting(TestRecord::key).containsExactly("A#2");
    assertThat(idle.get(0).value().getTicks()).hasSize(5);
  }

  @Test
  void theIdlePunctuatorClosesOnlyTheChunksThatAreDue() {
    // A's chunk opens now, B's 40 s later (wall clock); the chunk time is 60 s
    ticks.pipeInput("A", tick("A", T0, 100));
    ticks.pipeInput("A", tick("A", T0 + 1000L, 101));
    driver.advanceWallClockTime(java.time.Duration.ofSeconds(40));
    ticks.pipeInput("B", tick("B", T0, 50));
    driver.advanceWallClockTime(java.time.Duration.ofSeconds(30));
    List<TestRecord<String, HistoryChunk>> first = history.readRecordsToList();
    assertThat(first).extracting(TestRecord::key).containsExactly("A#0");
    assertThat(first.get(0).value().getTicks()).extracting(t -> t.getPrice()).containsExactly(100.0, 101.0);
    driver.advanceWallClockTime(java.time.Duration.ofSeconds(30));
    assertThat(history.readRecordsToList()).extracting(TestRecord::key).containsExactly("B#0");
    driver.advanceWallClockTime(java.time.Duration.ofMinutes(5));
    assertThat(history.readRecordsToList()).as("nothing open, nothing closed").isEmpty();
  }

  /**
   * States and open-chunk rows that are in the stores without their symbols ticking through this
   * processor (as after a restore) are found by the first punctuation's scan, and their chunks close.
   */
  @Test
  void chunksOfSymbolsThatDoNotTickAfterARestoreStillClose() {
    io.tickcast.forecast.ForecastEngine engine = new io.tickcast.forecast.ForecastEngine(config.forecastSettings(),
        new StoredChunkRows(driver.getKeyValueStore(ForecastTopology.CHUNK_ROWS_STORE)));
    org.apache.kafka.streams.state.KeyValueStore<String, io.tickcast.forecast.ForecastState> states =
        driver.getKeyValueStore(ForecastTopology.STATE_STORE);
    io.tickcast.forecast.StepResult r = new io.tickcast.forecast.StepResult();
    long now = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
    for (String symbol : List.of("R1", "R2")) {
      io.tickcast.forecast.ForecastState state = engine.newState();
      for (int i = 0; i < 13; i++) {
        engine.step(state, symbol, T0 + i * 1000L, 10 + i, Double.NaN, models.current(), now, r);
      }
      states.put(symbol, state);
    }
    assertThat(history.readRecordsToList()).isEmpty();
    driver.advanceWallClockTime(java.time.Duration.ofMinutes(2));
    List<TestRecord<String, HistoryChunk>> closed = history.readRecordsToList();
    assertThat(closed).extracting(TestRecord::key).containsExactlyInAnyOrder("R1#1", "R2#1");
    assertThat(closed.get(0).value().getTicks()).extracting(t -> t.getPrice()).containsExactly(20.0, 21.0, 22.0);
  }

  private ModelRelease release(int version, LstmModel lstm) {
    return ModelReleases.builder("tickcast", version, lstm, FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS, T0).build();
  }

  @Test
  void aNewReleaseIsServedWithoutRestartAndAPoisonedOneIsRefused() {
    for (int i = 0; i < 10; i++) {
      ticks.pipeInput("A", tick("A", T0 + i * 1000L, 100 + i));
    }
    releases.pipeInput("tickcast", release(1, LstmModel.initialise(4, 8, 1, 3, 1f)));
    ticks.pipeInput("A", tick("A", T0 + 10_000L, 111));

    StateDict poisoned = LstmModel.initialise(4, 8, 1, 4, 1f).toStateDict();
    float[] hh = poisoned.get("lstm.weight_hh_l0").values().clone();
    hh[3] = Float.NaN;
    poisoned.put("lstm.weight_hh_l0", new Tensor(poisoned.get("lstm.weight_hh_l0").shape(), hh));
    releases.pipeInput("tickcast", ModelReleases.builder("tickcast", 2, LstmModel.initialise(4, 8, 1, 4, 1f),
        FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS, T0).setWeights(ModelReleases.tensors(poisoned)).build());
    StateDict misshapen = LstmModel.initialise(4, 8, 1, 5, 1f).toStateDict();
    misshapen.put("head.weight", new Tensor(new int[] {1, 7}, new float[7]));
    releases.pipeInput("tickcast", ModelReleases.builder("tickcast", 3, LstmModel.initialise(4, 8, 1, 5, 1f),
        FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS, T0).setWeights(ModelReleases.tensors(misshapen)).build());
    releases.pipeInput("tickcast", ModelReleases.builder("tickcast", 4, LstmModel.initialise(4, 8, 1, 6, 1f),
        FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS, T0).setFeatures(List.of("return_z", "moon_phase", "x", "y")).build());
    ticks.pipeInput("A", tick("A", T0 + 11_000L, 112));

    List<Prediction> ps = predictions.readValuesToList();
    assertThat(ps).extracting(Prediction::getModelVersion).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1);
    assertThat(listener.modelsAccepted.get()).isEqualTo(1);
    assertThat(listener.modelsRefused.get()).isEqualTo(3);
    assertThat(listener.rewarms.get()).isEqualTo(1);
    assertThat(models.current().version()).isEqualTo(1);
  }
}

package io.tickcast.bench;

import io.tickcast.stream.ForecastService;
import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.Registries;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.registry.SchemaRegistryClient;
import io.tickcast.stream.ForecastApp;
import io.tickcast.stream.ForecastListener;
import io.tickcast.stream.ForecastTopology;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The pipeline benchmark of issue 6, against a given Kafka and registry (the command starts an
 * embedded pair; the integration test uses the shared test broker):
 * <ol>
 *   <li>pre-load the ticks (Avro, through the registry) with the feed's producer;</li>
 *   <li>for every guarantee × thread count: the real forecaster ({@link ForecastApp}, shipped settings)
 *       over all ticks, then the {@link BaselineTopology} over the same ticks with a state value of the
 *       forecaster's measured mean size; each from the first tick consumed to the last prediction
 *       committed ({@link CompletionWatch}), each on a fresh application id, output topics and state
 *       directory;</li>
 *   <li>latency under half the measured throughput ({@link LatencyProbe}), on a fresh forecaster;</li>
 *   <li>restore of {@code restoreSymbols} symbols' state into an empty state directory.</li>
 * </ol>
 * Progress goes to {@code out} as it happens; {@link #run()} returns the report.
 */
public final class PipelineBenchmark {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
  /** Longest wait for the JVM to go quiet before a measured run ({@link CpuSettle}). */
  private static final Duration SETTLE_MAX = Duration.ofSeconds(20);

  private final String bootstrapServers;
  private final String registryUrl;
  private final Path workDir;
  private final BenchSettings settings;
  private final PrintStream out;

  public PipelineBenchmark(String bootstrapServers, String registryUrl, Path workDir, BenchSettings settings, PrintStream out) {
    this.bootstrapServers = bootstrapServers;
    this.registryUrl = registryUrl;
    this.workDir = workDir;
    this.settings = settings;
    this.out = out;
  }

  public BenchReport run() throws Exception {
    String prefix = settings.namePrefix();
    String ticksTopic = prefix + "-ticks";
    List<String> symbols = TickLoader.symbols("S", settings.symbols());
    try (Admin admin = clients().admin();
        SchemaRegistryClient registry = Registries.client(config(prefix + "-setup", ticksTopic, null, 1))) {
      CompletionWatch watch = new CompletionWatch(admin);
      removeLeftovers(admin, watch, prefix + "-");
      try {
        Topics setupTopics = prepare(config(prefix + "-setup", ticksTopic, null, 1), registry);
        progress("pre-loading %,d ticks for %,d symbols into %d partitions ...", settings.ticks(), settings.symbols(), settings.partitions());
        long t0 = System.nanoTime();
        long loaded = TickLoader.load(clients(), setupTopics.ticks(), symbols, settings.ticks(), 1);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        Map<TopicPartition, Long> inputEnds = watch.endOffsets(ticksTopic, settings.partitions());
        progress("pre-loaded %,d ticks in %.1f s (%,.0f/s); %,d records on the topic", loaded, loadSeconds,
            loaded / loadSeconds, CompletionWatch.sum(inputEnds));

        warmUp(watch, registry, ticksTopic, inputEnds);
        List<BenchReport.Throughput> throughput = new ArrayList<>();
        boolean first = true;
        for (String guarantee : settings.guarantees()) {
          for (int threads : settings.threads()) {
            if (!first) {
              // the warm-up ran the first configuration; the others take code paths of their own
              // (exactly-once or not, one or two threads): one unreported pair compiles those
              String role = "prep-" + (StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee) ? "eos" : "alos") + threads + "t-";
              progress("%s, %d thread(s): one unreported pair first ...", guarantee, threads);
              measureThroughput(watch, registry, role, ticksTopic, inputEnds, guarantee, threads, 1);
            }
            first = false;
            throughput.add(measureThroughput(watch, registry, "", ticksTopic, inputEnds, guarantee, threads, settings.rounds()));
          }
        }
        List<BenchReport.Latency> latency = new ArrayList<>();
        if (settings.latency()) {
          for (BenchReport.Throughput t : throughput) {
            if (t.threads() == settings.latencyThreads()) {
              warmUpLatency(watch, registry, symbols, t);
              for (double load : settings.latencyLoads()) {
                latency.add(measureLatency(watch, registry, symbols, t, load, ""));
              }
            }
          }
        }
        BenchReport.Restore restore = settings.restore() ? measureRestore(watch, registry) : null;
        MemoryFigures end = MemoryFigures.now();
        return new BenchReport(machine(), settings, loadSeconds, loaded, throughput, latency, restore, end);
      } finally {
        watch.deleteTopics(topicsStartingWith(admin, prefix + "-"));
      }
    }
  }

  // ---- throughput ------------------------------------------------------------------------------

  /**
   * Unreported forecaster and baseline runs over the same ticks, repeated until a round in which the
   * JIT compiled for under {@value JitClock#QUIET_SHARE} of its wall time ({@link JitClock}), at most
   * {@link BenchSettings#maxWarmupRounds} rounds: otherwise the first measured configuration pays for compiling
   * the Kafka client and Streams paths that both applications use (measured: the JIT compiled for
   * 16.3 s during the first forecaster run over 1M ticks and 6.2 s during the baseline's after it;
   * the forecaster's throughput rose from 70,000 to 170,000-200,000 ticks/s over the rounds).
   */
  private void warmUp(CompletionWatch watch, SchemaRegistryClient registry, String ticksTopic,
      Map<TopicPartition, Long> inputEnds) throws Exception {
    String guarantee = settings.guarantees().get(0);
    int threads = settings.threads().get(0);
    int max = settings.maxWarmupRounds();
    for (int round = 1; round <= max; round++) {
      progress("warm-up round %d (not reported): the forecaster and the baseline over the same ticks ...", round);
      BenchReport.Throughput t = measureThroughput(watch, registry, "warmup" + round + "-", ticksTopic, inputEnds, guarantee, threads, 1);
      BenchReport.Run f = t.forecaster().get(0);
      BenchReport.Run b = t.baseline().get(0);
      long jit = f.jitMillis() < 0 || b.jitMillis() < 0 ? -1 : f.jitMillis() + b.jitMillis();
      double wall = f.seconds() + b.seconds();
      boolean quiet = JitClock.quiet(jit, wall);
      progress("warm-up round %d: the JIT compiled for %.1f s of the runs' %.1f s: %s", round, jit / 1000.0, wall,
          quiet ? "quiet, measuring" : round == max ? "still compiling, measuring anyway" : "another round");
      if (quiet) {
        return;
      }
    }
  }

  /**
   * One configuration: {@code rounds} pairs of a forecaster run and a baseline run over all ticks,
   * back to back; odd rounds run the forecaster first, even rounds the baseline first, so that neither
   * always inherits the other's after-effects (heap, page cache, JIT profiles).
   */
  private BenchReport.Throughput measureThroughput(CompletionWatch watch, SchemaRegistryClient registry, String role,
      String ticksTopic, Map<TopicPartition, Long> inputEnds, String guarantee, int threads, int rounds) throws Exception {
    List<BenchReport.Run> forecaster = new ArrayList<>();
    List<BenchReport.Run> baseline = new ArrayList<>();
    List<BenchReport.Run> minimal = new ArrayList<>();
    ForecasterRun first = null;
    int hc = BenchReport.MINIMAL_STATE_BYTES;
    for (int round = 1; round <= rounds; round++) {
      String r = rounds == 1 ? role : role + "r" + round + "-";
      if (round % 2 == 1) {
        ForecasterRun f = runForecaster(watch, registry, r, ticksTopic, inputEnds, guarantee, threads);
        first = first == null ? f : first;
        forecaster.add(f.run());
        baseline.add(runBaseline(watch, registry, r, ticksTopic, inputEnds, guarantee, threads, first.stateBytes()));
        minimal.add(runBaseline(watch, registry, r + "hc-", ticksTopic, inputEnds, guarantee, threads, hc));
      } else {
        minimal.add(runBaseline(watch, registry, r + "hc-", ticksTopic, inputEnds, guarantee, threads, hc));
        baseline.add(runBaseline(watch, registry, r, ticksTopic, inputEnds, guarantee, threads, first.stateBytes()));
        forecaster.add(runForecaster(watch, registry, r, ticksTopic, inputEnds, guarantee, threads).run());
      }
      progress("%s, %d thread(s), round %d of %d: ratio %.2f, to the (h, c)-only baseline %.2f", guarantee, threads, round, rounds,
          baseline.get(round - 1).seconds() / forecaster.get(round - 1).seconds(),
          minimal.get(round - 1).seconds() / forecaster.get(round - 1).seconds());
    }
    BenchReport.Throughput t = new BenchReport.Throughput(guarantee, threads, CompletionWatch.sum(inputEnds), forecaster,
        baseline, first.stateBytes(), first.symbolsHeld(), first.memory(), minimal, first.bytesPerTick());
    progress("%s, %d thread(s): forecaster %,.0f/s, baseline %,.0f/s, (h, c)-only baseline %,.0f/s (medians), ratios %.2f and %.2f (medians of %d); %,.0f bytes written per tick",
        guarantee, threads, t.forecasterPerSecond(), t.baselinePerSecond(), t.minimalPerSecond(), t.ratio(), t.ratioMinimal(), rounds,
        t.bytesPerTick());
    return t;
  }

  /** A forecaster run, with what the baseline and the report take from it. */
  private record ForecasterRun(BenchReport.Run run, int stateBytes, long symbolsHeld, MemoryFigures memory, double bytesPerTick) {}

  private ForecasterRun runForecaster(CompletionWatch watch, SchemaRegistryClient registry, String role, String ticksTopic,
      Map<TopicPartition, Long> inputEnds, String guarantee, int threads) throws Exception {
    long inputTotal = CompletionWatch.sum(inputEnds);
    String run = runName(role + "forecast", guarantee, threads);
    TickcastConfig config = config(run, ticksTopic, guarantee, threads);
    Topics topics = prepare(config, registry);
    RunMeter meter = new RunMeter();
    settle(run);
    Timed timed;
    long symbolsHeld;
    MemoryFigures memory;
    ForecastApp app = new ForecastApp(config, topics, meter, null);
    try {
      progress("%s: forecaster, %s, %d thread(s) ...", run, guarantee, threads);
      timed = untilCommitted(watch, app::start, app.streams(), guarantee, run, inputEnds, topics, meter);
      symbolsHeld = countEntries(app.streams(), ForecastTopology.STATE_STORE);
      memory = MemoryFigures.now();
    } finally {
      app.close();
    }
    long committed = CompletionWatch.countCommitted(clients(), topics.predictions().name(), settings.partitions());
    cleanUp(watch, run, config);
    int stateBytes = (int) Math.round(meter.meanStateBytes());
    progress("%s: %,d predictions (%,d read back committed) in %.2f s: %,.0f ticks/s; JIT %.1f s, GC %.2f s; mean state %,d bytes; %,d symbols held; %s",
        run, meter.forwardedCount(), committed, timed.seconds(), inputTotal / timed.seconds(), timed.jitMillis() / 1000.0,
        timed.gcMillis() / 1000.0, stateBytes, symbolsHeld, memory.describe());
    return new ForecasterRun(new BenchReport.Run(timed.seconds(), committed, timed.jitMillis(), timed.gcMillis()), stateBytes,
        symbolsHeld, memory, meter.bytesPerTick());
  }

  private BenchReport.Run runBaseline(CompletionWatch watch, SchemaRegistryClient registry, String role, String ticksTopic,
      Map<TopicPartition, Long> inputEnds, String guarantee, int threads, int stateBytes) throws Exception {
    long inputTotal = CompletionWatch.sum(inputEnds);
    String run = runName(role + "baseline", guarantee, threads);
    TickcastConfig config = config(run, ticksTopic, guarantee, threads);
    Topics topics = prepare(config, registry);
    RunMeter meter = new RunMeter();
    settle(run);
    Timed timed;
    KafkaStreams streams = KafkaClientFactory.of(config).streams(
        BaselineTopology.build(topics, stateBytes, config.getString(TickcastConfig.MODEL_NAME), config.horizons(), meter),
        ForecastApp.streamsProperties(config, topics, ForecastListener.NONE, null));
    try {
      progress("%s: baseline, %s, %d thread(s), state value %,d bytes ...", run, guarantee, threads, stateBytes);
      timed = untilCommitted(watch, streams::start, streams, guarantee, run, inputEnds, topics, meter);
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
    long committed = CompletionWatch.countCommitted(clients(), topics.predictions().name(), settings.partitions());
    cleanUp(watch, run, config);
    progress("%s: %,d records (%,d read back committed) in %.2f s: %,.0f ticks/s; JIT %.1f s, GC %.2f s", run,
        meter.forwardedCount(), committed, timed.seconds(), inputTotal / timed.seconds(), timed.jitMillis() / 1000.0,
        timed.gcMillis() / 1000.0);
    return new BenchReport.Run(timed.seconds(), committed, timed.jitMillis(), timed.gcMillis());
  }

  /** Seconds from an application's first tick to its last output committed, and the JIT's and the collectors' time meanwhile. */
  private record Timed(double seconds, long jitMillis, long gcMillis) {}

  /** Starts an application and waits until an output of every tick it forwards is committed. */
  private Timed untilCommitted(CompletionWatch watch, Runnable start, KafkaStreams streams, String guarantee, String run,
      Map<TopicPartition, Long> inputEnds, Topics topics, RunMeter meter) throws Exception {
    long inputTotal = CompletionWatch.sum(inputEnds);
    long jitBefore = JitClock.millis();
    long gcBefore = GcClock.millis();
    start.run();
    long end = watch.awaitCommitted(streams, guarantee, run, inputEnds, topics.predictions().name(),
        settings.partitions(), () -> inputTotal - meter.notForwardedCount(), RUN_TIMEOUT);
    long jit = jitBefore < 0 ? -1 : JitClock.millis() - jitBefore;
    long gc = gcBefore < 0 ? -1 : GcClock.millis() - gcBefore;
    return new Timed((end - meter.firstTickNanos()) / 1e9, jit, gc);
  }

  // ---- latency ---------------------------------------------------------------------------------

  /**
   * Unreported probes at the first load, repeated until one in which the JIT compiled for under
   * {@value JitClock#QUIET_SHARE} of the probe's time, at most {@link BenchSettings#maxWarmupRounds}:
   * ticks produced live take code paths the pre-loaded runs never did (the probe's producer and
   * consumer, records with headers, small fetches), and without this the first measured probe had
   * C2 compiling for 3.5 s of its counted 8 s (485 methods deoptimised and compiled again), the
   * queue built up meanwhile never drained, and its p50 was over 2 s.
   */
  private void warmUpLatency(CompletionWatch watch, SchemaRegistryClient registry, List<String> symbols,
      BenchReport.Throughput measured) throws Exception {
    double load = settings.latencyLoads().get(0);
    int max = settings.maxWarmupRounds();
    for (int round = 1; round <= max; round++) {
      BenchReport.Latency l = measureLatency(watch, registry, symbols, measured, load, "warmup" + round + "-");
      double wall = (settings.latencyWarmup().toMillis() + settings.latencyMeasure().toMillis()) / 1000.0;
      boolean quiet = JitClock.quiet(l.jitMillis(), wall);
      progress("latency warm-up %d: the JIT compiled for %.1f s of the probe's %.0f s: %s", round, l.jitMillis() / 1000.0, wall,
          quiet ? "quiet, measuring" : round == max ? "still compiling, measuring anyway" : "another probe");
      if (quiet) {
        return;
      }
    }
  }

  private BenchReport.Latency measureLatency(CompletionWatch watch, SchemaRegistryClient registry, List<String> symbols,
      BenchReport.Throughput measured, double load, String role) throws Exception {
    String run = runName(String.format(Locale.ROOT, "%slatency%02d", role, Math.round(load * 100)), measured.guarantee(), measured.threads());
    TickcastConfig config = config(run, run + "-ticks", measured.guarantee(), measured.threads());
    Topics topics = prepare(config, registry);
    long commitInterval = effectiveCommitInterval(config, topics);
    double rate = measured.forecasterPerSecond() * load;
    ForecastApp app = new ForecastApp(config, topics, ForecastListener.NONE, null);
    try {
      app.start();
      awaitRunning(app.streams());
      settle(run);
      progress("%s: %,.0f ticks/s offered for %d s (first %d s not counted) ...", run, rate,
          settings.latencyWarmup().plus(settings.latencyMeasure()).toSeconds(), settings.latencyWarmup().toSeconds());
      long jitBefore = JitClock.millis();
      LatencyProbe.Result r = new LatencyProbe(clients(), settings.latencyLingerMillis()).measure(topics.ticks(), topics.predictions().name(),
          settings.partitions(), symbols, rate, settings.latencyWarmup(), settings.latencyMeasure());
      long jit = jitBefore < 0 ? -1 : JitClock.millis() - jitBefore;
      progress("%s: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms over %,d ticks; JIT %.1f s", run, r.p50() / 1e6, r.p99() / 1e6,
          r.p999() / 1e6, r.max() / 1e6, r.counted(), jit / 1000.0);
      return new BenchReport.Latency(measured.guarantee(), measured.threads(), commitInterval, load, r, jit);
    } finally {
      app.close();
      cleanUp(watch, run, config);
      watch.deleteTopics(List.of(run + "-ticks"));
    }
  }

  private static long effectiveCommitInterval(TickcastConfig config, Topics topics) {
    // StreamsConfig applies its own default for the guarantee (100 ms exactly-once, 30 s otherwise)
    return new StreamsConfig(ForecastApp.streamsProperties(config, topics, ForecastListener.NONE, null))
        .getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
  }

  // ---- restore ---------------------------------------------------------------------------------

  private BenchReport.Restore measureRestore(CompletionWatch watch, SchemaRegistryClient registry) throws Exception {
    String run = settings.namePrefix() + "-restore";
    // the shipped guarantee and thread count, unless the overrides say otherwise
    TickcastConfig config = config(run, run + "-ticks", null, -1);
    String guarantee = config.getString(TickcastConfig.PROCESSING_GUARANTEE);
    Topics topics = prepare(config, registry);
    List<String> symbols = TickLoader.symbols("R", settings.restoreSymbols());
    long ticks = (long) settings.restoreSymbols() * settings.restoreTicksPerSymbol();
    progress("%s: %,d symbols × %d ticks through the forecaster, to fill the changelog ...", run, symbols.size(),
        settings.restoreTicksPerSymbol());
    TickLoader.load(clients(), topics.ticks(), symbols, ticks, 7);
    Map<TopicPartition, Long> inputEnds = watch.endOffsets(topics.ticks().name(), settings.partitions());
    long inputTotal = CompletionWatch.sum(inputEnds);
    RunMeter meter = new RunMeter();
    ForecastApp first = new ForecastApp(config, topics, meter, null);
    try {
      first.start();
      watch.awaitCommitted(first.streams(), guarantee, run, inputEnds, topics.predictions().name(), settings.partitions(),
          () -> inputTotal - meter.notForwardedCount(), RUN_TIMEOUT);
    } finally {
      // Leave the group: otherwise the new instance waits for this member's session to time out
      // (45 s by default), which would be measured as restore time. A crashed instance cannot leave;
      // its replacement waits for the session timeout before any restore starts.
      first.streams().close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(30)));
    }
    String changelog = run + "-" + ForecastTopology.STATE_STORE + "-changelog";
    long changelogRecords = CompletionWatch.sum(watch.endOffsets(changelog, settings.partitions()));
    long changelogBytes = topicBytes(changelog);
    deleteRecursively(Path.of(config.getString(TickcastConfig.STATE_DIR)));

    RestoreClock clock = new RestoreClock();
    ForecastApp second = new ForecastApp(config, topics, ForecastListener.NONE, null);
    second.streams().setGlobalStateRestoreListener(clock);
    try {
      progress("%s: restoring %,d changelog records (%s) into an empty state directory ...", run, changelogRecords,
          MemoryFigures.mb(changelogBytes));
      long start = System.nanoTime();
      second.start();
      long running = awaitRunning(second.streams());
      long restored = clock.awaitAllRestored(second.streams(), nonEmptyPartitions(watch, changelog), RUN_TIMEOUT);
      long held = countEntries(second.streams(), ForecastTopology.STATE_STORE);
      BenchReport.Restore r = new BenchReport.Restore(guarantee, symbols.size(), changelogRecords, changelogBytes,
          clock.recordsRestored(), (restored - start) / 1e9, (restored - clock.firstStartNanos()) / 1e9,
          (running - start) / 1e9, held);
      progress("%s: %,d records restored %.2f s after the start (replay %.2f s; RUNNING after %.2f s); %,d symbols held",
          run, r.recordsRestored(), r.restoreSeconds(), r.replaySeconds(), r.runningSeconds(), held);
      return r;
    } finally {
      second.close();
      cleanUp(watch, run, config);
      watch.deleteTopics(List.of(run + "-ticks"));
    }
  }

  private int nonEmptyPartitions(CompletionWatch watch, String topic) throws Exception {
    return (int) watch.endOffsets(topic, settings.partitions()).values().stream().filter(o -> o > 0).count();
  }

  /** Times the restore of the state store's changelog partitions. */
  private static final class RestoreClock implements StateRestoreListener {
    private final Set<TopicPartition> ended = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.LongAdder restored = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.AtomicLong firstStartNanos = new java.util.concurrent.atomic.AtomicLong();
    private volatile long lastEndNanos;

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
      firstStartNanos.compareAndSet(0, System.nanoTime());
    }

    long firstStartNanos() {
      return firstStartNanos.get();
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
      restored.add(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
      if (storeName.equals(ForecastTopology.STATE_STORE)) {
        lastEndNanos = System.nanoTime();
        ended.add(partition);
      }
    }

    long recordsRestored() {
      return restored.sum();
    }

    /** Waits until {@code partitions} changelog partitions have been restored; returns when the last one ended. */
    long awaitAllRestored(KafkaStreams streams, int partitions, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (ended.size() < partitions) {
        if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
          throw new IllegalStateException("restore did not finish: " + ended.size() + " of " + partitions
              + " partitions restored, streams " + streams.state());
        }
        Thread.sleep(5);
      }
      return lastEndNanos;
    }
  }

  private long topicBytes(String topic) {
    try (Admin admin = clients().admin()) {
      List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).toList();
      long bytes = 0;
      for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
        for (LogDirDescription d : dirs.values()) {
          for (Map.Entry<TopicPartition, ReplicaInfo> e : d.replicaInfos().entrySet()) {
            if (e.getKey().topic().equals(topic)) {
              bytes += e.getValue().size();
            }
          }
        }
      }
      return bytes;
    } catch (Exception e) {
      return -1;
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** The clients of the benchmark's settings (the overrides' streams.* keys included), for its own admin, feed and probes. */
  private KafkaClientFactory clients() {
    return KafkaClientFactory.of(config(settings.namePrefix() + "-setup", settings.namePrefix() + "-ticks", null, -1));
  }

  /**
   * {@link ForecastService#prepare}, tried again if the broker has not yet propagated the topics it
   * has just created (describing their configuration then fails with an unknown topic).
   */
  private static Topics prepare(TickcastConfig config, SchemaRegistryClient registry) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return ForecastService.prepare(config, registry);
      } catch (IllegalStateException e) {
        if (attempt >= 10 || !String.valueOf(e.getMessage()).contains("UnknownTopicOrPartition")) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  private String runName(String role, String guarantee, int threads) {
    String g = StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee) ? "eos" : "alos";
    return settings.namePrefix() + "-" + role + "-" + g + "-" + threads + "t";
  }

  /**
   * The settings of one run: the shipped defaults, the overrides, then the run's own names; the
   * guarantee and thread count too when given (null / -1 keep the defaults and overrides).
   */
  private TickcastConfig config(String run, String ticksTopic, String guarantee, int threads) {
    Map<String, Object> m = new HashMap<>(settings.overrides());
    m.put(TickcastConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    m.put(TickcastConfig.REGISTRY_URL, registryUrl);
    m.put(TickcastConfig.APPLICATION_ID, run);
    m.put(TickcastConfig.STATE_DIR, workDir.resolve("state").resolve(run).toString());
    m.put(TickcastConfig.TOPIC_TICKS, ticksTopic);
    m.put(TickcastConfig.TOPIC_PREDICTIONS, run + "-predictions");
    m.put(TickcastConfig.TOPIC_HISTORY, run + "-history");
    m.put(TickcastConfig.TOPIC_DLQ, run + "-dlq");
    m.put(TickcastConfig.TOPIC_MODELS, settings.namePrefix() + "-models");
    m.put(TickcastConfig.TOPIC_PARTITIONS, settings.partitions());
    m.put(TickcastConfig.TOPICS_CREATE, true);
    if (guarantee != null) {
      m.put(TickcastConfig.PROCESSING_GUARANTEE, guarantee);
    }
    if (threads > 0) {
      m.put(TickcastConfig.NUM_STREAM_THREADS, threads);
    }
    return TickcastConfig.of(m);
  }

  /** Deletes a finished run's topics (outputs and changelog) and its state directory. */
  private void cleanUp(CompletionWatch watch, String run, TickcastConfig config) {
    try (Admin admin = clients().admin()) {
      List<String> topics = topicsStartingWith(admin, run + "-");
      topics.removeIf(t -> t.endsWith("-ticks"));
      watch.deleteTopics(topics);
    }
    deleteRecursively(Path.of(config.getString(TickcastConfig.STATE_DIR)));
  }

  /** Topics of an earlier run that did not finish (in a kept data directory) would add their records to this one's. */
  private static void removeLeftovers(Admin admin, CompletionWatch watch, String prefix) throws InterruptedException {
    List<String> leftovers = topicsStartingWith(admin, prefix);
    if (leftovers.isEmpty()) {
      return;
    }
    watch.deleteTopics(leftovers);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!topicsStartingWith(admin, prefix).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  private static List<String> topicsStartingWith(Admin admin, String prefix) {
    try {
      return new ArrayList<>(admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(t -> t.startsWith(prefix)).toList());
    } catch (Exception e) {
      return new ArrayList<>();
    }
  }

  private static long awaitRunning(KafkaStreams streams) throws InterruptedException {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR
          || streams.state() == KafkaStreams.State.NOT_RUNNING) {
        throw new IllegalStateException("streams did not reach RUNNING: " + streams.state());
      }
      Thread.sleep(5);
    }
    return System.nanoTime();
  }

  /** Entries of a key-value store across this instance's tasks, read through interactive queries. */
  static long countEntries(KafkaStreams streams, String storeName) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        ReadOnlyKeyValueStore<String, Object> store = streams.store(
            StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
        long n = 0;
        try (KeyValueIterator<String, Object> it = store.all()) {
          while (it.hasNext()) {
            it.next();
            n++;
          }
        }
        return n;
      } catch (InvalidStateStoreException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }

  /** CPU model, cores, memory, JVM and OS of this machine. */
  static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    long memTotal = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memTotal = Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return String.format(Locale.ROOT, "%s, %d cores, %s RAM; Java %s (%s); %s %s", cpu,
        Runtime.getRuntime().availableProcessors(), memTotal < 0 ? "?" : String.format(Locale.ROOT, "%.0f GB", memTotal / 1e9),
        System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
        System.getProperty("os.version"));
  }

  /** Waits until the previous run's after-effects are over, so that they are not measured in the next run. */
  private void settle(String run) throws InterruptedException {
    CpuSettle settle = CpuSettle.forThisProcess();
    if (settle == null) {
      return;
    }
    CpuSettle.Result r = settle.await(SETTLE_MAX);
    progress("%s: settled after %.1f s (%s: %.2f cores)", run, r.waited().toMillis() / 1000.0,
        r.quiet() ? "quiet" : "still busy", r.cores());
  }

  private void progress(String format, Object... args) {
    out.println("# " + String.format(Locale.ROOT, format, args));
    out.flush();
  }
}

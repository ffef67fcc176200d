package io.tickcast.cli;

import io.tickcast.stream.ForecastService;
import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.TickcastConfig;
import io.tickcast.embedded.EmbeddedStack;
import io.tickcast.embedded.InstanceLock;
import io.tickcast.feed.SimulatedFeed;
import io.tickcast.feed.TickProducer;
import io.tickcast.lstm.VectorSupport;
import io.tickcast.observe.Observability;
import io.tickcast.train.TrainerService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: everything on this machine in one process — an embedded Kafka broker and schema
 * registry, the streams app, the trainer on a short schedule and a simulated tick feed — with a live
 * summary on the console and the HTTP endpoints served.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Start an embedded Kafka broker and schema registry, the forecasting stream, the trainer and a simulated tick feed,",
        "and print a live summary. Stops on Ctrl-C or after --duration."})
public final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Broker, registry and state data; survives re-runs (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of(System.getProperty("user.home"), ".tickcast", "demo");

  @Option(names = "--fresh", description = "Wipe the data directory first.")
  boolean fresh;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Stop by itself after this long (e.g. 90s, 5m); default: run until Ctrl-C.")
  Duration duration;

  @Option(names = "--symbols", paramLabel = "N", description = "Simulated symbols (default: ${DEFAULT-VALUE}).")
  int symbols = 8;

  @Option(names = "--rate", paramLabel = "TICKS_PER_S", description = "Simulated ticks per second over all symbols (default: ${DEFAULT-VALUE}).")
  double rate = 200;

  @Option(names = "--http-port", paramLabel = "PORT", description = "Port of /metrics, /forecast/{symbol}, ... (0 = a free port; default: ${DEFAULT-VALUE}).")
  int httpPort = 8080;

  @Option(names = "--kafka-port", paramLabel = "PORT", description = "Broker port (0 = a free port; default: ${DEFAULT-VALUE}).")
  int kafkaPort = 0;

  @Option(names = "--registry-port", paramLabel = "PORT", description = "Schema registry port (0 = a free port; default: ${DEFAULT-VALUE}).")
  int registryPort = 0;

  @Option(names = "--train-every", defaultValue = "45s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Trainer schedule (default: ${DEFAULT-VALUE}).")
  Duration trainEvery;

  @Option(names = "--summary-every", defaultValue = "5s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Console summary interval (default: ${DEFAULT-VALUE}).")
  Duration summaryEvery;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "Overrides one tickcast setting; repeatable.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    if (symbols < 1 || !(rate > 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--symbols must be >= 1 and --rate > 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    Files.createDirectories(dataDir);
    try (StopSignal stop = StopSignal.install("demo", Duration.ofSeconds(30));
        InstanceLock lock = InstanceLock.acquire(dataDir, "tickcast demo")) {
      if (fresh) {
        wipe(dataDir);
        say(out, "wiped " + dataDir);
      }
      say(out, "tickcast demo, data in " + dataDir + "; LSTM arithmetic: " + VectorSupport.activePath());
      try (EmbeddedStack stack = EmbeddedStack.start(dataDir, kafkaPort, registryPort, true, m -> say(out, m))) {
        TickcastConfig config = config(stack);
        DemoStats stats = new DemoStats();
        try (Observability observability = Observability.create(config);
            ForecastService service = ForecastService.create(config, observability.listener().andThen(stats),
                observability.applicationServer())) {
          observability.attach(service.app());
          service.start();
          say(out, "streams app starting (exactly-once) ...");
          if (!service.awaitRunning(Duration.ofSeconds(120))) {
            say(out, "the streams app did not reach RUNNING: " + service.app().streams().state());
            return 1;
          }
          String base = "http://127.0.0.1:" + observability.port();
          say(out, "serving " + base + "/metrics, " + base + "/forecast/{symbol}, " + base + "/models/current");
          try (TrainerService trainer = new TrainerService(config, service.topics(),
                  new TrainerRunReporter(out, observability.trainerMetrics()));
              SimulatedFeed feed = new SimulatedFeed(new TickProducer(KafkaClientFactory.of(config), service.topics().ticks()),
                  SimulatedFeed.symbols(symbols), rate, 0, 42)) {
            observability.attachTrainer(trainer::status);
            trainer.start();
            feed.start();
            say(out, "trainer every " + trainEvery.toSeconds() + " s; simulated feed: " + symbols + " symbols, "
                + (long) rate + " ticks/s. " + (duration == null ? "Ctrl-C to stop." : "Stopping in " + duration.toSeconds() + " s."));
            summarise(out, stop, stats, feed, base);
            say(out, "stopping ...");
          }
        }
      }
      say(out, "stopped cleanly");
      return 0;
    }
  }

  private TickcastConfig config(EmbeddedStack stack) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put(TickcastConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    s.put(TickcastConfig.REGISTRY_URL, stack.registryUrl());
    s.put(TickcastConfig.APPLICATION_ID, "tickcast-demo");
    s.put(TickcastConfig.STATE_DIR, dataDir.resolve("state").toString());
    s.put(TickcastConfig.HTTP_PORT, Integer.toString(httpPort));
    s.put(TickcastConfig.METRICS_SYMBOLS, String.join(",", SimulatedFeed.symbols(Math.min(symbols, 20))));
    // short chunks and a short schedule, so the demo's trainer has data within a minute
    s.put(TickcastConfig.CHUNK_TICKS, "50");
    s.put(TickcastConfig.CHUNK_MS, "10000");
    s.put(TickcastConfig.TRAIN_INTERVAL_MS, Long.toString(trainEvery.toMillis()));
    s.put(TickcastConfig.TRAIN_AFTER_CHUNKS, "100000");
    s.put(TickcastConfig.TRAIN_MAX_EPOCHS, "10");
    s.put(TickcastConfig.TRAIN_MAX_SEQUENCES, "3000");
    s.put(TickcastConfig.TRAIN_THREADS, "1");
    s.putAll(overrides);
    return TickcastConfig.load(Map.of(), null, System.getenv(), s);
  }

  private void summarise(PrintWriter out, StopSignal stop, DemoStats stats, SimulatedFeed feed, String base)
      throws InterruptedException {
    long started = System.nanoTime();
    long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
    long lastSent = 0;
    long lastPredictions = 0;
    long lastAt = started;
    while (true) {
      long wait = Math.min(summaryEvery.toNanos(), deadline - System.nanoTime());
      if (wait <= 0 || stop.await(Duration.ofNanos(wait))) {
        return;
      }
      long now = System.nanoTime();
      double secs = (now - lastAt) / 1e9;
      long sent = feed.sent();
      long preds = stats.predictions.get();
      say(out, String.format("[%4ds] ticks/s %6.0f | predictions/s %6.0f | symbols %d | model v%d | skill vs naive: LSTM %s, emitted %s"
              + " | falling back %d | dead letters %d | %s/forecast/SIM00",
          (now - started) / 1_000_000_000L, (sent - lastSent) / secs, (preds - lastPredictions) / secs, stats.symbols(),
          stats.modelVersion, signed(stats.meanLstmSkill()), signed(stats.meanEmittedSkill()), stats.fallingBack(),
          stats.deadLetters.get(), base));
      if (feed.failure() != null) {
        say(out, "the simulated feed failed: " + feed.failure().getMessage());
      }
      lastSent = sent;
      lastPredictions = preds;
      lastAt = now;
    }
  }

  private static String signed(double skill) {
    return Double.isNaN(skill) ? "n/a" : String.format("%+.3f", skill);
  }

  private static void say(PrintWriter out, String message) {
    out.println(message);
    out.flush();
  }

  private static void wipe(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> paths = all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir) && !p.getFileName().toString().equals(".lock")).toList();
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    }
  }
}

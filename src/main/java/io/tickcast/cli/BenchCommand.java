package io.tickcast.cli;

import io.tickcast.bench.BenchReport;
import io.tickcast.bench.BenchSettings;
import io.tickcast.bench.PipelineBenchmark;
import io.tickcast.embedded.EmbeddedStack;
import io.tickcast.embedded.InstanceLock;
import io.tickcast.lstm.VectorSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: the pipeline benchmark (issue 6) on an embedded broker and registry; prints
 * Markdown tables for BENCHMARKS.md. See docs/benchmark.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Pipeline benchmark on an embedded Kafka broker and schema registry: the forecaster's throughput "
        + "against a plain Kafka Streams baseline with the same plumbing, for each processing guarantee and "
        + "thread count (after a warm-up until the JIT is quiet, medians of several rounds); end-to-end latency at "
        + "half, a quarter and a tenth of the measured throughput; restore of state from the changelog. "
        + "Prints Markdown tables. Run it on an otherwise idle machine."})
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--ticks", paramLabel = "N", description = "Ticks pre-loaded (default: 1000000; --quick: 100000).")
  Long ticks;

  @Option(names = "--symbols", paramLabel = "N", description = "Symbols the ticks are spread over (default: 500; --quick: 100).")
  Integer symbols;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "4", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--guarantees", split = ",", paramLabel = "G",
      description = "Processing guarantees measured (default: exactly_once_v2,at_least_once).")
  List<String> guarantees;

  @Option(names = "--threads", split = ",", paramLabel = "N", description = "Stream-thread counts measured (default: 1,2).")
  List<Integer> threads;

  @Option(names = "--quick", description = "A small run: 100,000 ticks, 100 symbols, 3 s latency probes, 1,000 symbols restored.")
  boolean quick;

  @Option(names = "--no-latency", description = "Skip the latency measurement.")
  boolean noLatency;

  @Option(names = "--latency-threads", paramLabel = "N", defaultValue = "1",
      description = "Thread count of the configurations whose latency is measured (default: ${DEFAULT-VALUE}).")
  int latencyThreads;

  @Option(names = "--latency-load", split = ",", paramLabel = "FRACTION",
      description = "Offered loads of the latency probes as fractions of the measured throughput, one probe each "
          + "(default: 0.5,0.25,0.1; --quick: 0.5).")
  List<Double> latencyLoads;

  @Option(names = "--latency-linger-ms", paramLabel = "MS",
      description = "linger.ms of the latency probe's producer; the time it holds a tick counts in the latency "
          + "(default: 1; 0 sends every tick as its own request when the producer is idle).")
  Integer latencyLingerMillis;

  @Option(names = "--rounds", paramLabel = "N",
      description = "Forecaster-and-baseline pairs per configuration, reported as medians (default: 5; --quick: 1).")
  Integer rounds;

  @Option(names = "--latency-seconds", paramLabel = "S", description = "Counted seconds of each latency probe (default: 10; --quick: 3).")
  Integer latencySeconds;

  @Option(names = "--no-restore", description = "Skip the restore measurement.")
  boolean noRestore;

  @Option(names = "--restore-symbols", paramLabel = "N", description = "Symbols whose state is restored (default: 10000, or --symbols if more; --quick: 1000).")
  Integer restoreSymbols;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
      description = "Overrides a tickcast setting in every run (e.g. commit.interval.ms=50); repeatable.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Broker, registry and state data; default a temporary directory, deleted afterwards (a given one is kept).")
  Path dataDir;

  @Option(names = "--report", paramLabel = "FILE", description = "Also write the tables to this file.")
  Path reportFile;

  @Option(names = "--report-json", paramLabel = "FILE",
      description = "Also write the figures as JSON to this file (throughput, latency, restore, memory).")
  Path reportJsonFile;

  @Option(names = "--warmup-rounds", paramLabel = "N",
      description = "Unreported rounds at most before the first configuration and before the latency probes, ending at the first in which the JIT was quiet; 0 for none (default: 4; --quick: 2).")
  Integer warmupRounds;

  @Override
  public Integer call() throws Exception {
    BenchSettings s = settings();
    boolean temporary = dataDir == null;
    Path dir = temporary ? Files.createTempDirectory("tickcast-bench-") : dataDir;
    Files.createDirectories(dir);
    System.out.println("# tickcast bench: " + describe(s));
    System.out.println("# LSTM arithmetic: " + VectorSupport.activePath() + "; data in " + dir);
    try (InstanceLock lock = InstanceLock.acquire(dir, "tickcast bench");
        EmbeddedStack stack = EmbeddedStack.start(dir, 0, 0, false, line -> System.out.println("# " + line))) {
      BenchReport report = new PipelineBenchmark(stack.bootstrapServers(), stack.registryUrl(), dir, s, System.out).run();
      String text = report.format();
      System.out.println();
      System.out.print(text);
      if (reportFile != null) {
        Files.writeString(reportFile, text);
      }
      if (reportJsonFile != null) {
        Files.writeString(reportJsonFile, report.toJson());
      }
      return 0;
    } finally {
      if (temporary) {
        deleteRecursively(dir);
      }
    }
  }

  BenchSettings settings() {
    BenchSettings base = quick ? BenchSettings.QUICK : BenchSettings.FULL;
    BenchSettings s = base.withSize(ticks != null ? ticks : base.ticks(), symbols != null ? symbols : base.symbols(), partitions)
        .withConfigurations(guarantees != null ? guarantees : base.guarantees(), threads != null ? threads : base.threads())
        .withLatency(!noLatency, latencyThreads, base.latencyWarmup(),
            latencySeconds != null ? Duration.ofSeconds(latencySeconds) : base.latencyMeasure())
        .withRestore(!noRestore, restoreSymbols != null ? restoreSymbols
            : Math.max(base.restoreSymbols(), symbols != null ? symbols : base.symbols()), base.restoreTicksPerSymbol())
        .withLatencyLoads(latencyLoads != null ? latencyLoads : base.latencyLoads())
        .withRounds(rounds != null ? rounds : base.rounds(), warmupRounds != null ? warmupRounds : base.maxWarmupRounds())
        .withLatencyLinger(latencyLingerMillis != null ? latencyLingerMillis : base.latencyLingerMillis())
        .withOverrides(overrides);
    if (s.latency() && !s.threads().contains(latencyThreads)) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--latency-threads " + latencyThreads + " is not among --threads " + s.threads());
    }
    return s;
  }

  private static String describe(BenchSettings s) {
    return String.format("%,d ticks, %,d symbols, %d partitions; %s × %s thread(s), %d round(s); latency %s; restore %s; overrides %s",
        s.ticks(), s.symbols(), s.partitions(), s.guarantees(), s.threads(), s.rounds(),
        s.latency() ? s.latencyMeasure().toSeconds() + " s at " + s.latencyThreads() + " thread(s), loads " + s.latencyLoads()
            + ", probe linger.ms " + s.latencyLingerMillis() : "off",
        s.restore() ? String.format("%,d symbols", s.restoreSymbols()) : "off", s.overrides().isEmpty() ? "none" : s.overrides());
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}

package io.tickcast.bench;

import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What a benchmark run measured, printed as Markdown tables (so the output goes into BENCHMARKS.md
 * as it is).
 */
public record BenchReport(
    String machine,
    BenchSettings settings,
    double loadSeconds,
    long ticksLoaded,
    List<Throughput> throughput,
    List<Latency> latency,
    Restore restore,
    MemoryFigures endMemory) {

  /** Target of the forecaster's throughput against its baseline. */
  public static final double RATIO_TARGET = 0.8;
  /** Latency target under at-least-once, p99. */
  public static final long AT_LEAST_ONCE_P99_TARGET_MILLIS = 20;
  /** Restore target for the 10,000 symbols. */
  public static final double RESTORE_TARGET_SECONDS = 10;

  /**
   * One application's run over all ticks.
   *
   * @param jitMillis the JIT's compile time during the run, -1 if unknown
   * @param gcMillis the garbage collectors' time during the run (G1: its pauses), -1 if unknown
   */
  public record Run(double seconds, long outputsCommitted, long jitMillis, long gcMillis) {}

  /**
   * One configuration's throughput: both applications over the same ticks, in one or more rounds.
   *
   * @param forecaster the forecaster's runs, one per round
   * @param baseline the baseline's runs, one per round (round k pairs with the forecaster's run k)
   * @param stateBytes the baseline's state value size: the forecaster's mean written state, rounded
   * @param symbolsHeld entries in the forecaster's state store at the end of its first run
   * @param memory figures at the end of the forecaster's first run, before it closed
   */
  public record Throughput(String guarantee, int threads, long ticks, List<Run> forecaster, List<Run> baseline,
      int stateBytes, long symbolsHeld, MemoryFigures memory) {
    public Throughput {
      forecaster = List.copyOf(forecaster);
      baseline = List.copyOf(baseline);
      if (forecaster.isEmpty() || forecaster.size() != baseline.size()) {
        throw new IllegalArgumentException("need as many baseline runs as forecaster runs, at least one");
      }
    }

    public int rounds() {
      return forecaster.size();
    }

    /** Ticks per second of the forecaster's median run. */
    public double forecasterPerSecond() {
      return ticks / median(forecaster.stream().mapToDouble(Run::seconds).toArray());
    }

    public double baselinePerSecond() {
      return ticks / median(baseline.stream().mapToDouble(Run::seconds).toArray());
    }

    /** Forecaster over baseline throughput of each round (each pair ran back to back). */
    public double[] roundRatios() {
      double[] r = new double[rounds()];
      for (int i = 0; i < r.length; i++) {
        r[i] = baseline.get(i).seconds() / forecaster.get(i).seconds();
      }
      return r;
    }

    /** The median of the rounds' ratios. */
    public double ratio() {
      return median(roundRatios());
    }

    public boolean meetsTarget() {
      return ratio() >= RATIO_TARGET;
    }

    /** The fewest outputs read back committed after any run of either application. */
    public long fewestCommitted(boolean ofForecaster) {
      return (ofForecaster ? forecaster : baseline).stream().mapToLong(Run::outputsCommitted).min().orElse(0);
    }

    /** The longest JIT compile time inside one run of the application, -1 if unknown. */
    public long mostJitMillis(boolean ofForecaster) {
      return (ofForecaster ? forecaster : baseline).stream().mapToLong(Run::jitMillis).max().orElse(-1);
    }

    /** The longest garbage-collection time inside one run of the application, -1 if unknown. */
    public long mostGcMillis(boolean ofForecaster) {
      return (ofForecaster ? forecaster : baseline).stream().mapToLong(Run::gcMillis).max().orElse(-1);
    }
  }

  /** The median; the mean of the middle two for an even count. */
  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  /**
   * One configuration's end-to-end latency under the offered load.
   *
   * @param jitMillis the JIT's compile time during the probe, -1 if unknown
   */
  public record Latency(String guarantee, int threads, long commitIntervalMillis, double loadFraction, LatencyProbe.Result probe,
      long jitMillis) {
    /** p99 target: 2× the commit interval under exactly-once, 20 ms under at-least-once. */
    public long p99TargetMillis() {
      return StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee) ? 2 * commitIntervalMillis : AT_LEAST_ONCE_P99_TARGET_MILLIS;
    }

    public boolean meetsTarget() {
      return probe.p99() <= p99TargetMillis() * 1_000_000L;
    }
  }

  /**
   * The restore of {@code symbols} symbols' state from the changelog into an empty state directory.
   *
   * @param restoreSeconds from the start of the new instance to the end of the last changelog
   *     partition's restore (joining the group, assignment, replay)
   * @param replaySeconds from the first changelog partition's restore start to the last one's end
   * @param symbolsHeld entries in the state store after the restore
   */
  public record Restore(String guarantee, int symbols, long changelogRecords, long changelogBytes, long recordsRestored,
      double restoreSeconds, double replaySeconds, double runningSeconds, long symbolsHeld) {
    public boolean meetsTarget() {
      return restoreSeconds <= RESTORE_TARGET_SECONDS;
    }
  }

  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append("machine: ").append(machine).append('\n');
    sb.append(String.format(Locale.ROOT, "pre-loaded %,d ticks for %,d symbols into %d partitions in %.1f s%n%n",
        ticksLoaded, settings.symbols(), settings.partitions(), loadSeconds));
    sb.append("### Throughput (first tick consumed to last prediction committed)\n\n");
    int rounds = throughput.isEmpty() ? 0 : throughput.get(0).rounds();
    sb.append(rounds > 1
        ? "Medians of " + rounds + " rounds per configuration; each round runs both applications back to back, alternating which goes first.\n\n"
        : "One round per configuration.\n\n");
    sb.append("| guarantee | threads | forecaster ticks/s | baseline ticks/s | ratio | target ≥ 0.8× | ratio per round | outputs committed, fewest (forecaster / baseline) | JIT in a run, most (forecaster / baseline) | GC in a run, most | state value, bytes | symbols held | heap live | resident |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Throughput t : throughput) {
      StringBuilder perRound = new StringBuilder();
      for (double r : t.roundRatios()) {
        perRound.append(perRound.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", r));
      }
      sb.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %.2f× | %s | %s | %,d / %,d | %s / %s | %s / %s | %,d | %,d | %s | %s |%n",
          t.guarantee(), t.threads(), t.forecasterPerSecond(), t.baselinePerSecond(), t.ratio(),
          t.meetsTarget() ? "met" : String.format(Locale.ROOT, "missed by %.0f%%", (RATIO_TARGET - t.ratio()) / RATIO_TARGET * 100),
          perRound, t.fewestCommitted(true), t.fewestCommitted(false), seconds(t.mostJitMillis(true)), seconds(t.mostJitMillis(false)),
          seconds(t.mostGcMillis(true), 2), seconds(t.mostGcMillis(false), 2), t.stateBytes(), t.symbolsHeld(), MemoryFigures.mb(t.memory().heapUsedAfterGc()), MemoryFigures.mb(t.memory().residentBytes())));
    }
    if (!latency.isEmpty()) {
      sb.append("\n### End-to-end latency (tick produced → prediction read by a read_committed consumer)\n\n");
      sb.append("Probe producer: linger.ms=").append(settings.latencyLingerMillis()).append(", acks=all.\n\n");
      sb.append("| guarantee | threads | commit interval | load (of measured throughput) | offered ticks/s | sent ticks/s | p50 | p99 | p99.9 | max | samples | JIT in the probe | CPU of this JVM, cores | p99 target |\n");
      sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (Latency l : latency) {
        LatencyProbe.Result r = l.probe();
        sb.append(String.format(Locale.ROOT, "| %s | %d | %,d ms | %.2f | %,.0f | %,.0f | %s | %s | %s | %s | %,d%s | %s | %s | ≤ %d ms: %s |%n",
            l.guarantee(), l.threads(), l.commitIntervalMillis(), l.loadFraction(), r.offeredPerSecond(), r.sentPerSecond(),
            ms(r.p50()), ms(r.p99()), ms(r.p999()), ms(r.max()), r.counted(),
            r.unanswered() > 0 ? " (" + r.unanswered() + " unanswered)" : "", seconds(l.jitMillis()),
            Double.isNaN(r.cores()) ? "n/a" : String.format(Locale.ROOT, "%.2f", r.cores()),
            l.p99TargetMillis(), l.meetsTarget() ? "met" : String.format(Locale.ROOT, "missed (%.2f×)",
                r.p99() / 1e6 / l.p99TargetMillis())));
      }
    }
    if (restore != null) {
      Restore r = restore;
      sb.append("\n### Restore (changelog → empty state directory)\n\n");
      sb.append("| guarantee | symbols | changelog records | changelog size | records restored | start → restored | of which replay | start → RUNNING | symbols held after | target ≤ 10 s |\n");
      sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %s | %,d | %.1f s | %.1f s | %.1f s | %,d | %s |%n",
          r.guarantee(), r.symbols(), r.changelogRecords(), MemoryFigures.mb(r.changelogBytes()), r.recordsRestored(),
          r.restoreSeconds(), r.replaySeconds(), r.runningSeconds(), r.symbolsHeld(), r.meetsTarget() ? "met" : "missed"));
    }
    if (endMemory != null) {
      sb.append("\nat the end: ").append(endMemory.describe()).append('\n');
    }
    return sb.toString();
  }

  private static String seconds(long millis) {
    return seconds(millis, 1);
  }

  private static String seconds(long millis, int decimals) {
    return millis < 0 ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f s", millis / 1000.0);
  }

  private static String ms(long nanos) {
    double ms = nanos / 1e6;
    return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
  }
}

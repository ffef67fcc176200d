package io.tickcast.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  /** Restore target for up to 10,000 symbols (issue 6). */
  public static final double RESTORE_TARGET_SECONDS = 10;
  /** Restore target for more symbols, up to 100,000 (issue 15). */
  public static final double RESTORE_TARGET_SECONDS_AT_SCALE = 15;
  /** State of the (h, c)-only baseline: an LSTM's h and c at H = 32, as floats. */
  public static final int MINIMAL_STATE_BYTES = 2 * 32 * Float.BYTES;

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
   * @param minimal the (h, c)-only baseline's runs ({@link #MINIMAL_STATE_BYTES} of state), one per
   *     round or none
   * @param bytesPerTick bytes the forecaster wrote to its stores per tick, in its first run (state
   *     value and open-chunk row)
   */
  public record Throughput(String guarantee, int threads, long ticks, List<Run> forecaster, List<Run> baseline,
      int stateBytes, long symbolsHeld, MemoryFigures memory, List<Run> minimal, double bytesPerTick) {
    public Throughput {
      forecaster = List.copyOf(forecaster);
      baseline = List.copyOf(baseline);
      minimal = List.copyOf(minimal);
      if (forecaster.isEmpty() || forecaster.size() != baseline.size()) {
        throw new IllegalArgumentException("need as many baseline runs as forecaster runs, at least one");
      }
      if (!minimal.isEmpty() && minimal.size() != forecaster.size()) {
        throw new IllegalArgumentException("need as many (h, c)-only baseline runs as forecaster runs, or none");
      }
    }

    /** Without the (h, c)-only baseline; the bytes per tick are the state's. */
    public Throughput(String guarantee, int threads, long ticks, List<Run> forecaster, List<Run> baseline,
        int stateBytes, long symbolsHeld, MemoryFigures memory) {
      this(guarantee, threads, ticks, forecaster, baseline, stateBytes, symbolsHeld, memory, List.of(), stateBytes);
    }

    /** Ticks per second of the (h, c)-only baseline's median run; NaN if it did not run. */
    public double minimalPerSecond() {
      return minimal.isEmpty() ? Double.NaN : ticks / median(minimal.stream().mapToDouble(Run::seconds).toArray());
    }

    /** The median over the rounds of the forecaster's throughput over the (h, c)-only baseline's; NaN if it did not run. */
    public double ratioMinimal() {
      if (minimal.isEmpty()) {
        return Double.NaN;
      }
      double[] r = new double[rounds()];
      for (int i = 0; i < r.length; i++) {
        r[i] = minimal.get(i).seconds() / forecaster.get(i).seconds();
      }
      return median(r);
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
    public double targetSeconds() {
      return symbols <= 10_000 ? RESTORE_TARGET_SECONDS : RESTORE_TARGET_SECONDS_AT_SCALE;
    }

    public boolean meetsTarget() {
      return restoreSeconds <= targetSeconds();
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
    if (throughput.stream().anyMatch(t -> !t.minimal().isEmpty())) {
      sb.append("\n#### Beside a baseline that holds only an LSTM's (h, c) (")
          .append(MINIMAL_STATE_BYTES).append(" bytes of state), and the bytes written per tick\n\n");
      sb.append("| guarantee | threads | symbols | forecaster ticks/s | (h, c)-only baseline ticks/s | ratio (median of the rounds) | forecaster's bytes written per tick (state + chunk row) |\n");
      sb.append("|---|---|---|---|---|---|---|\n");
      for (Throughput t : throughput) {
        if (!t.minimal().isEmpty()) {
          sb.append(String.format(Locale.ROOT, "| %s | %d | %,d | %,.0f | %,.0f | %.2f× | %,.0f |%n", t.guarantee(), t.threads(),
              settings.symbols(), t.forecasterPerSecond(), t.minimalPerSecond(), t.ratioMinimal(), t.bytesPerTick()));
        }
      }
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
      sb.append(String.format(Locale.ROOT, "| guarantee | symbols | changelog records | changelog size | records restored | start → restored | of which replay | start → RUNNING | symbols held after | target ≤ %.0f s |%n",
          r.targetSeconds()));
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

  /**
   * The figures as JSON: {@code throughput} (per configuration: guarantee, threads, symbols, ticks,
   * forecaster_tps, baseline_tps, ratio, minimal_baseline_tps, ratio_minimal, bytes_per_tick),
   * {@code latency} (guarantee, load, tps, p50_ms, p99_ms, p999_ms), {@code restore} (symbols,
   * seconds; null if not measured) and {@code memory} (bytes, at the end and after each
   * configuration's forecaster run). Figures that were not measured are null.
   */
  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    List<Object> tp = new ArrayList<>();
    List<Object> afterRuns = new ArrayList<>();
    for (Throughput t : throughput) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("guarantee", t.guarantee());
      m.put("threads", t.threads());
      m.put("symbols", settings.symbols());
      m.put("ticks", t.ticks());
      m.put("forecaster_tps", number(t.forecasterPerSecond()));
      m.put("baseline_tps", number(t.baselinePerSecond()));
      m.put("ratio", number(t.ratio()));
      m.put("minimal_baseline_tps", number(t.minimalPerSecond()));
      m.put("ratio_minimal", number(t.ratioMinimal()));
      m.put("bytes_per_tick", number(t.bytesPerTick()));
      tp.add(m);
      Map<String, Object> mem = memory(t.memory());
      mem.put("guarantee", t.guarantee());
      mem.put("threads", t.threads());
      mem.put("symbols_held", t.symbolsHeld());
      afterRuns.add(mem);
    }
    root.put("throughput", tp);
    List<Object> lat = new ArrayList<>();
    for (Latency l : latency) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("guarantee", l.guarantee());
      m.put("load", l.loadFraction());
      m.put("tps", number(l.probe().sentPerSecond()));
      m.put("p50_ms", l.probe().p50() / 1e6);
      m.put("p99_ms", l.probe().p99() / 1e6);
      m.put("p999_ms", l.probe().p999() / 1e6);
      lat.add(m);
    }
    root.put("latency", lat);
    if (restore != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("symbols", restore.symbols());
      r.put("seconds", restore.restoreSeconds());
      r.put("replay_seconds", restore.replaySeconds());
      r.put("running_seconds", restore.runningSeconds());
      r.put("symbols_held", restore.symbolsHeld());
      root.put("restore", r);
    } else {
      root.put("restore", null);
    }
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("end", endMemory == null ? null : memory(endMemory));
    memory.put("after_forecaster_runs", afterRuns);
    root.put("memory", memory);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("figures not writable as JSON", e);
    }
  }

  private static Map<String, Object> memory(MemoryFigures f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("heap_live_bytes", f.heapUsedAfterGc());
    m.put("heap_committed_bytes", f.heapCommitted());
    m.put("heap_max_bytes", f.heapMax());
    m.put("resident_bytes", f.residentBytes());
    m.put("registry_resident_bytes", f.childrenResidentBytes());
    return m;
  }

  private static Double number(double v) {
    return Double.isFinite(v) ? v : null;
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

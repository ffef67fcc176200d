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
   * One configuration's throughput: both applications over the same ticks.
   *
   * @param forecasterPredictions predictions read back by a read_committed consumer after the run
   * @param baselinePredictions the baseline's records read back the same way
   * @param stateBytes the baseline's state value size: the forecaster's mean written state, rounded
   * @param symbolsHeld entries in the forecaster's state store at the end of its run
   * @param memory figures at the end of the forecaster's run, before it closed
   * @param forecasterJitMillis JIT compile time in this JVM during the forecaster's run, -1 if unknown
   * @param baselineJitMillis the same during the baseline's run
   */
  public record Throughput(String guarantee, int threads, long ticks, double forecasterSeconds, long forecasterPredictions,
      double baselineSeconds, long baselinePredictions, int stateBytes, long symbolsHeld, MemoryFigures memory,
      long forecasterJitMillis, long baselineJitMillis) {
    public double forecasterPerSecond() {
      return ticks / forecasterSeconds;
    }

    public double baselinePerSecond() {
      return ticks / baselineSeconds;
    }

    public double ratio() {
      return forecasterPerSecond() / baselinePerSecond();
    }

    public boolean meetsTarget() {
      return ratio() >= RATIO_TARGET;
    }
  }

  /** One configuration's end-to-end latency under the offered load. */
  public record Latency(String guarantee, int threads, long commitIntervalMillis, LatencyProbe.Result probe) {
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
    sb.append("| guarantee | threads | forecaster ticks/s | baseline ticks/s | ratio | target ≥ 0.8× | outputs committed (forecaster / baseline) | JIT during run (forecaster / baseline) | state value, bytes | symbols held | heap live | resident |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Throughput t : throughput) {
      sb.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %.2f× | %s | %,d / %,d | %s / %s | %,d | %,d | %s | %s |%n",
          t.guarantee(), t.threads(), t.forecasterPerSecond(), t.baselinePerSecond(), t.ratio(),
          t.meetsTarget() ? "met" : String.format(Locale.ROOT, "missed by %.0f%%", (RATIO_TARGET - t.ratio()) / RATIO_TARGET * 100),
          t.forecasterPredictions(), t.baselinePredictions(), seconds(t.forecasterJitMillis()), seconds(t.baselineJitMillis()), t.stateBytes(), t.symbolsHeld(), MemoryFigures.mb(t.memory().heapUsedAfterGc()), MemoryFigures.mb(t.memory().residentBytes())));
    }
    if (!latency.isEmpty()) {
      sb.append("\n### End-to-end latency (tick produced → prediction read by a read_committed consumer)\n\n");
      sb.append("| guarantee | threads | commit interval | offered ticks/s | sent ticks/s | p50 | p99 | p99.9 | max | samples | p99 target |\n");
      sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (Latency l : latency) {
        LatencyProbe.Result r = l.probe();
        sb.append(String.format(Locale.ROOT, "| %s | %d | %,d ms | %,.0f | %,.0f | %s | %s | %s | %s | %,d%s | ≤ %d ms: %s |%n",
            l.guarantee(), l.threads(), l.commitIntervalMillis(), r.offeredPerSecond(), r.sentPerSecond(),
            ms(r.p50()), ms(r.p99()), ms(r.p999()), ms(r.max()), r.counted(),
            r.unanswered() > 0 ? " (" + r.unanswered() + " unanswered)" : "",
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
    return millis < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static String ms(long nanos) {
    double ms = nanos / 1e6;
    return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
  }
}

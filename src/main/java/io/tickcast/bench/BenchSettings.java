package io.tickcast.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What one pipeline benchmark run measures, and how big it is.
 *
 * @param ticks ticks pre-loaded and pushed through every throughput configuration
 * @param symbols symbols the ticks are spread over (round-robin, so every symbol's ticks are in time order)
 * @param partitions partitions of the ticks topic and of every output topic
 * @param guarantees processing guarantees measured, each with each of {@code threads}
 * @param threads stream-thread counts measured
 * @param rounds forecaster-and-baseline pairs per configuration, alternating which runs first; the
 *     report gives the medians (single runs on a shared 2-core machine move by ±15 %)
 * @param maxWarmupRounds unreported rounds at most before the first configuration (0: none), ending early at the
 *     first round in which the JIT was quiet
 * @param latency whether to measure end-to-end latency after the throughput run with {@code latencyThreads}
 * @param latencyThreads stream-thread count of the configurations whose latency is measured
 * @param latencyLoads offered loads as fractions of that configuration's measured throughput, one
 *     probe each; the target is at 0.5
 * @param latencyWarmup leading part of the latency load not counted
 * @param latencyMeasure counted part of the latency load
 * @param latencyLingerMillis {@code linger.ms} of the probe's producer, counted in the latency; 1 by
 *     default: with 0 every tick is its own produce request whenever the sender is idle, and on two
 *     cores those requests take the CPU the forecaster needs (at half the throughput the machine
 *     saturated with 0 and not with 1)
 * @param restore whether to measure a restore from the changelog into an empty state directory
 * @param restoreSymbols symbols whose state is restored
 * @param restoreTicksPerSymbol ticks per symbol processed before the restore, so that each state is warm
 * @param overrides tickcast settings applied to every run (e.g. commit.interval.ms), beside the
 *     names of topics, application ids and state directories, which the benchmark chooses
 * @param namePrefix prefix of every topic, application id and state directory of the run
 */
public record BenchSettings(
    long ticks,
    int symbols,
    int partitions,
    List<String> guarantees,
    List<Integer> threads,
    int rounds,
    int maxWarmupRounds,
    boolean latency,
    int latencyThreads,
    List<Double> latencyLoads,
    Duration latencyWarmup,
    Duration latencyMeasure,
    int latencyLingerMillis,
    boolean restore,
    int restoreSymbols,
    int restoreTicksPerSymbol,
    Map<String, String> overrides,
    String namePrefix) {

  /** The configuration of issue 6: 1M ticks, 500 symbols, 4 partitions, both guarantees, 1 and 2 threads. */
  public static final BenchSettings FULL = new BenchSettings(1_000_000, 500, 4,
      List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), List.of(1, 2), 5, 4,
      true, 1, List.of(0.5, 0.25, 0.1), Duration.ofSeconds(3), Duration.ofSeconds(10), 1, true, 10_000, 24, Map.of(), "bench");

  /** A small run (about a minute) that exercises every part. */
  public static final BenchSettings QUICK = new BenchSettings(100_000, 100, 4,
      FULL.guarantees(), FULL.threads(), 1, 2, true, 1, List.of(0.5), Duration.ofSeconds(1), Duration.ofSeconds(3), 1,
      true, 1_000, 24, Map.of(), "bench");

  public BenchSettings {
    Objects.requireNonNull(guarantees);
    Objects.requireNonNull(threads);
    Objects.requireNonNull(latencyLoads);
    Objects.requireNonNull(overrides);
    Objects.requireNonNull(namePrefix);
    require(ticks >= symbols && symbols >= 1, "need at least one tick per symbol");
    require(partitions >= 1, "partitions must be >= 1");
    require(!guarantees.isEmpty() && !threads.isEmpty(), "need at least one configuration");
    for (String g : guarantees) {
      require(g.equals(StreamsConfig.EXACTLY_ONCE_V2) || g.equals(StreamsConfig.AT_LEAST_ONCE),
          "processing guarantee must be exactly_once_v2 or at_least_once: " + g);
    }
    for (int t : threads) {
      require(t >= 1, "stream threads must be >= 1");
    }
    require(rounds >= 1, "rounds must be >= 1");
    require(maxWarmupRounds >= 0, "warm-up rounds must be >= 0");
    require(!latencyLoads.isEmpty(), "need at least one latency load");
    for (double f : latencyLoads) {
      require(f > 0 && f <= 1, "latency load fraction must be in (0, 1]: " + f);
    }
    require(latencyLingerMillis >= 0, "probe linger must be >= 0 ms");
    require(restoreSymbols >= 1 && restoreTicksPerSymbol >= 1, "restore needs symbols and ticks");
    guarantees = List.copyOf(guarantees);
    threads = List.copyOf(threads);
    latencyLoads = List.copyOf(latencyLoads);
    overrides = Map.copyOf(overrides);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public BenchSettings withSize(long ticks, int symbols, int partitions) {
    return new BenchSettings(ticks, symbols, partitions, guarantees, threads, rounds, maxWarmupRounds, latency, latencyThreads,
        latencyLoads, latencyWarmup, latencyMeasure, latencyLingerMillis, restore, restoreSymbols, restoreTicksPerSymbol, overrides, namePrefix);
  }

  public BenchSettings withConfigurations(List<String> guarantees, List<Integer> threads) {
    return new BenchSettings(ticks, symbols, partitions, guarantees, threads, rounds, maxWarmupRounds, latency, latencyThreads,
        latencyLoads, latencyWarmup, latencyMeasure, latencyLingerMillis, restore, restoreSymbols, restoreTicksPerSymbol, overrides, namePrefix);
  }

  public BenchSettings withLatency(boolean latency, int latencyThreads, Duration warmup, Duration measure) {
    return new BenchSettings(ticks, symbols, partitions, guarantees, threads, rounds, maxWarmupRounds, latency, latencyThreads,
        latencyLoads, warmup, measure, latencyLingerMillis, restore, restoreSymbols, restoreTicksPerSymbol, overrides, namePrefix);
  }

  public BenchSettings withLatencyLoads(List<Double> latencyLoads) {
    return new BenchSettings(ticks, symbols, partitions, guarantees, threads, rounds, maxWarmupRounds, latency, latencyThreads,
        latencyLoads, latencyWarmup, latencyMeasure, latencyLingerMillis, restore, restoreSymbols, restoreTicksPerSymbol, overrides, namePrefix);
  }

  public BenchSettings withLatencyLinger(int latencyLingerMillis) {
    return new BenchSettings(ticks, symbols, partitions, guarantees, threads, rounds, maxWarmupRounds, latency, latencyThreads,
        latencyLoads, latencyWarmup, latencyMeasure, latencyLingerMillis, restore, restoreSymbols, restoreTicksPerSymbol, overrides, namePrefix);
  }

  public BenchSettings withRounds(int rounds, int maxWarmupRounds) {
    return new BenchSettings(ticks, symbols, partitions, guarantees, threads, rounds, maxWarmupRounds, latency, latencyThreads,
        latencyLoads, latencyWarmup, latencyMeasure, latencyLingerMillis, restore, restoreSymbols, restoreTicksPerSymbol, overrides, namePrefix);
  }

  public BenchSettings withRestore(boolean restore, int restoreSymbols, int restoreTicksPerSymbol) {
    return new BenchSettings(ticks, symbols, partitions, guarantees, threads, rounds, maxWarmupRounds, latency, latencyThreads,
        latencyLoads, latencyWarmup, latencyMeasure, latencyLingerMillis, restore, restoreSymbols, restoreTicksPerSymbol, overrides, namePrefix);
  }

  public BenchSettings withOverrides(Map<String, String> overrides) {
    return new BenchSettings(ticks, symbols, partitions, guarantees, threads, rounds, maxWarmupRounds, latency, latencyThreads,
        latencyLoads, latencyWarmup, latencyMeasure, latencyLingerMillis, restore, restoreSymbols, restoreTicksPerSymbol, overrides, namePrefix);
  }

  public BenchSettings withNamePrefix(String namePrefix) {
    return new BenchSettings(ticks, symbols, partitions, guarantees, threads, rounds, maxWarmupRounds, latency, latencyThreads,
        latencyLoads, latencyWarmup, latencyMeasure, latencyLingerMillis, restore, restoreSymbols, restoreTicksPerSymbol, overrides, namePrefix);
  }
}

package io.tickcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.SharedRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run of the benchmark harness on the shared broker and registry: it proves the harness
 * counts correctly (every tick consumed, every output committed and read back, the baseline's state
 * at the forecaster's measured size, the latency probe answered, the restore complete), not how fast
 * anything is.
 */
class PipelineBenchmarkIT {

  @Test
  void aSmallRunCountsEveryTickOutputAndRestoredSymbol(@TempDir Path dir) throws Exception {
    int ticks = 3_000;
    int symbols = 30;
    BenchSettings settings = BenchSettings.QUICK.withSize(ticks, symbols, 2)
        .withConfigurations(List.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2), List.of(1))
        .withLatency(true, 1, Duration.ofMillis(300), Duration.ofSeconds(1))
        .withLatencyLoads(List.of(0.5, 0.25))
        .withRounds(2, 1)
        .withRestore(true, 200, 5)
        .withNamePrefix(SharedKafka.unique("bench"));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    BenchReport report = new PipelineBenchmark(SharedKafka.bootstrapServers(), SharedRegistry.url(), dir, settings,
        new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

    assertThat(report.ticksLoaded()).isEqualTo(ticks);
    assertThat(report.throughput()).hasSize(2);
    for (BenchReport.Throughput t : report.throughput()) {
      assertThat(t.ticks()).isEqualTo(ticks);
      assertThat(t.rounds()).isEqualTo(2);
      assertThat(t.forecaster()).as("forecaster runs, %s", t.guarantee())
          .allSatisfy(r -> assertThat(r.outputsCommitted()).isEqualTo(ticks));
      assertThat(t.baseline()).as("baseline runs, %s", t.guarantee())
          .allSatisfy(r -> assertThat(r.outputsCommitted()).isEqualTo(ticks));
      assertThat(t.symbolsHeld()).isEqualTo(symbols);
      // 100 ticks per symbol: the states range from the empty ~1.4 KB to a full history chunk
      assertThat(t.stateBytes()).isBetween(1_000, 3_000);
      assertThat(t.forecaster()).allSatisfy(r -> assertThat(r.seconds()).isPositive());
      assertThat(t.baseline()).allSatisfy(r -> assertThat(r.seconds()).isPositive());
      assertThat(t.roundRatios()).hasSize(2);
    }
    assertThat(report.latency()).hasSize(4).extracting(BenchReport.Latency::loadFraction).containsExactly(0.5, 0.25, 0.5, 0.25);
    assertThat(report.latency().get(1).probe().offeredPerSecond())
        .isCloseTo(report.latency().get(0).probe().offeredPerSecond() / 2, org.assertj.core.data.Percentage.withPercentage(1));
    for (BenchReport.Latency l : report.latency()) {
      assertThat(l.probe().unanswered()).isZero();
      assertThat(l.probe().counted()).isPositive();
      assertThat(l.probe().p50()).isPositive().isLessThanOrEqualTo(l.probe().p99());
      assertThat(l.probe().p99()).isLessThanOrEqualTo(l.probe().p999());
    }
    assertThat(report.latency()).filteredOn(l -> l.guarantee().equals(StreamsConfig.EXACTLY_ONCE_V2))
        .allSatisfy(l -> assertThat(l.commitIntervalMillis()).isEqualTo(100));
    assertThat(report.restore().symbols()).isEqualTo(200);
    assertThat(report.restore().symbolsHeld()).isEqualTo(200);
    assertThat(report.restore().recordsRestored()).isGreaterThanOrEqualTo(200);
    assertThat(report.format()).contains("| at_least_once | 1 |", "| exactly_once_v2 | 1 |", "### Restore");
    try (var stateDirs = Files.list(dir.resolve("state"))) {
      assertThat(stateDirs).as("every run's state directory is removed").isEmpty();
    }
  }
}

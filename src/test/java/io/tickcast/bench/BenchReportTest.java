package io.tickcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static final MemoryFigures MEMORY = new MemoryFigures(200L << 20, 600L << 20, 6L << 30, 1L << 30, 250L << 20);

  private static BenchReport.Run run(double seconds) {
    return new BenchReport.Run(seconds, 1_000_000, 500, 70);
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(BenchReport.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(BenchReport.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThatThrownBy(() -> BenchReport.median(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRatioIsTheMedianOfThePairedRoundsNotOfTheMedians() {
    // round ratios: 4/5 = 0.80, 4/8 = 0.50, 6/6.5 = 0.923; medians of the runs: 6.5 s and 4 s
    BenchReport.Throughput t = new BenchReport.Throughput("exactly_once_v2", 1, 1_000_000,
        List.of(run(5), run(8), run(6.5)), List.of(run(4), run(4), run(6)), 2_157, 500, MEMORY);
    assertThat(t.roundRatios()).containsExactly(new double[] {0.8, 0.5, 6 / 6.5}, within(1e-12));
    assertThat(t.ratio()).isCloseTo(0.8, within(1e-12));
    assertThat(t.meetsTarget()).isTrue();
    assertThat(t.forecasterPerSecond()).isCloseTo(1_000_000 / 6.5, within(1e-6));
    assertThat(t.baselinePerSecond()).isCloseTo(250_000, within(1e-6));
    assertThat(t.fewestCommitted(true)).isEqualTo(1_000_000);
    assertThat(t.mostJitMillis(false)).isEqualTo(500);
    assertThat(t.mostGcMillis(true)).isEqualTo(70);
  }

  @Test
  void unpairedRunsAreRefused() {
    assertThatThrownBy(() -> new BenchReport.Throughput("at_least_once", 1, 10, List.of(run(1)), List.of(), 100, 1, MEMORY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTablesShowEveryRoundAndEveryLoad() {
    BenchReport.Throughput t = new BenchReport.Throughput("at_least_once", 1, 1_000_000,
        List.of(run(5), run(6), run(7)), List.of(run(4), run(4), run(4)), 2_157, 500, MEMORY);
    LatencyProbe.Result probe = new LatencyProbe.Result(50_000, 49_990, 500_000, 8_000_000, 30_000_000, 40_000_000,
        50_000_000, 0, 1.234);
    BenchReport report = new BenchReport("test machine", BenchSettings.FULL, 3.0, 1_000_000, List.of(t),
        List.of(new BenchReport.Latency("at_least_once", 1, 30_000, 0.25, probe, 1_200)), null, null);
    String text = report.format();
    assertThat(text).contains("Medians of 3 rounds", "Probe producer: linger.ms=1, acks=all.")
        .contains("| 0.67× | missed by 17% | 0.80, 0.67, 0.57 |")
        .contains("| 0.5 s / 0.5 s | 0.07 s / 0.07 s | 2,157 |")
        .contains("| at_least_once | 1 | 30,000 ms | 0.25 | 50,000 | 49,990 | 8.0 ms | 30 ms |")
        .contains("| 500,000 | 1.2 s | 1.23 | ≤ 20 ms: missed (1.50×) |")
        .contains("≤ 20 ms: missed (1.50×)");
  }

  @Test
  void theJsonReportCarriesEveryFigureOfTheIssueAndTheMinimalBaseline() throws Exception {
    // forecaster 5 s and 10 s, baseline 4 s and 8 s, (h, c)-only baseline 3 s and 7 s, over 1M ticks
    BenchReport.Throughput t = new BenchReport.Throughput("at_least_once", 1, 1_000_000,
        List.of(run(5), run(10)), List.of(run(4), run(8)), 1_272, 500, MEMORY, List.of(run(3), run(7)), 1_306.5);
    assertThat(t.ratioMinimal()).isCloseTo((0.6 + 0.7) / 2, within(1e-12));
    LatencyProbe.Result probe = new LatencyProbe.Result(50_000, 49_990, 500_000, 8_000_000, 30_000_000, 40_000_000,
        50_000_000, 0, 1.234);
    BenchReport report = new BenchReport("test machine", BenchSettings.FULL, 3.0, 1_000_000, List.of(t),
        List.of(new BenchReport.Latency("at_least_once", 1, 30_000, 0.25, probe, 1_200)),
        new BenchReport.Restore("at_least_once", 100_000, 10, 10, 10, 12.5, 11.0, 13.0, 100_000), MEMORY);
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toJson());
    var tp = json.get("throughput").get(0);
    assertThat(tp.get("guarantee").asText()).isEqualTo("at_least_once");
    assertThat(tp.get("threads").asInt()).isEqualTo(1);
    assertThat(tp.get("symbols").asInt()).isEqualTo(500);
    assertThat(tp.get("ticks").asLong()).isEqualTo(1_000_000);
    assertThat(tp.get("forecaster_tps").asDouble()).isCloseTo(1_000_000 / 7.5, within(1e-6));
    assertThat(tp.get("baseline_tps").asDouble()).isCloseTo(1_000_000 / 6.0, within(1e-6));
    assertThat(tp.get("ratio").asDouble()).isCloseTo(0.8, within(1e-12));
    assertThat(tp.get("minimal_baseline_tps").asDouble()).isCloseTo(200_000, within(1e-6));
    assertThat(tp.get("ratio_minimal").asDouble()).isCloseTo(0.65, within(1e-12));
    assertThat(tp.get("bytes_per_tick").asDouble()).isEqualTo(1_306.5);
    var lat = json.get("latency").get(0);
    assertThat(lat.get("load").asDouble()).isEqualTo(0.25);
    assertThat(lat.get("tps").asDouble()).isEqualTo(49_990);
    assertThat(lat.get("p50_ms").asDouble()).isEqualTo(8.0);
    assertThat(lat.get("p99_ms").asDouble()).isEqualTo(30.0);
    assertThat(lat.get("p999_ms").asDouble()).isEqualTo(40.0);
    assertThat(json.get("restore").get("symbols").asInt()).isEqualTo(100_000);
    assertThat(json.get("restore").get("seconds").asDouble()).isEqualTo(12.5);
    assertThat(json.get("memory").get("end").get("resident_bytes").asLong()).isEqualTo(MEMORY.residentBytes());
    assertThat(report.format()).contains("| at_least_once | 1 | 500 | 133,333 | 200,000 | 0.65× | 1,307 |")
        .contains("target ≤ 15 s");
  }
}

package io.tickcast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.bench.BenchSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

  private static BenchSettings parse(String... args) {
    BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs(args);
    return command.settings();
  }

  @Test
  void theFullRunMeasuresFiveRoundsAndThreeLatencyLoads() {
    BenchSettings s = parse();
    assertThat(s.ticks()).isEqualTo(1_000_000);
    assertThat(s.rounds()).isEqualTo(5);
    assertThat(s.maxWarmupRounds()).isEqualTo(4);
    assertThat(s.latencyLoads()).containsExactly(0.5, 0.25, 0.1);
    assertThat(s.latencyLingerMillis()).isEqualTo(1);
  }

  @Test
  void theQuickRunMeasuresOnceAtHalfTheThroughput() {
    BenchSettings s = parse("--quick");
    assertThat(s.ticks()).isEqualTo(100_000);
    assertThat(s.rounds()).isEqualTo(1);
    assertThat(s.latencyLoads()).containsExactly(0.5);
  }

  @Test
  void roundsAndLoadsCanBeChosen() {
    BenchSettings s = parse("--rounds", "5", "--latency-load", "0.3,0.05", "--threads", "1", "--latency-linger-ms", "5");
    assertThat(s.rounds()).isEqualTo(5);
    assertThat(s.latencyLingerMillis()).isEqualTo(5);
    assertThat(s.latencyLoads()).containsExactly(0.3, 0.05);
    assertThat(s.threads()).isEqualTo(List.of(1));
  }

  @Test
  void aLoadOutsideZeroToOneOrNoRoundIsRefusedWithTheReason() {
    assertThatThrownBy(() -> parse("--latency-load", "0.5,1.5"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency load fraction must be in (0, 1]: 1.5");
    assertThatThrownBy(() -> parse("--rounds", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rounds must be >= 1");
  }

  @Test
  void theScaleRunRestoresAsManySymbolsAsItRunsAndCanSkipTheWarmUp() {
    BenchSettings s = parse("--symbols", "100000", "--ticks", "4000000", "--guarantees", "at_least_once", "--threads", "1",
        "--rounds", "1", "--no-latency", "--warmup-rounds", "0");
    assertThat(s.restoreSymbols()).isEqualTo(100_000);
    assertThat(s.maxWarmupRounds()).isZero();
    assertThat(s.latency()).isFalse();
    assertThat(parse("--symbols", "2000").restoreSymbols()).as("at least the default").isEqualTo(10_000);
    assertThat(parse("--symbols", "100000", "--restore-symbols", "500").restoreSymbols()).isEqualTo(500);
  }
}

package io.tickcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickcast.feed.RawTick;
import io.tickcast.feed.SyntheticMarket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestCommandTest {
  @TempDir Path dir;

  /** Two symbols, one with ISO-8601 timestamps and volumes, one with epoch milliseconds. */
  private Path csv() throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("symbol,timestamp,price,volume");
    for (RawTick t : SyntheticMarket.series("AAA", SyntheticMarket.Kind.LAGGED_ECHO, 400, 1)) {
      lines.add("AAA," + Instant.ofEpochMilli(t.time()) + "," + t.price() + ",100");
    }
    for (RawTick t : SyntheticMarket.series("BBB", SyntheticMarket.Kind.RANDOM_WALK, 300, 2)) {
      lines.add("BBB," + t.time() + "," + t.price() + ",");
    }
    Path file = dir.resolve("ticks.csv");
    Files.write(file, lines);
    return file;
  }

  @Test
  void writesTheReportShapedPerSymbolAndOverallForEveryForecaster() throws Exception {
    Path json = dir.resolve("report.json");
    int code = Main.execute("backtest", "--input", csv().toString(), "--train-fraction", "0.7", "--json", json.toString(),
        "--set", "train.max.epochs=2", "--set", "train.hidden.size=4");
    assertThat(code).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    List<String> forecasters = List.of("lstm", "lstm_raw", "naive", "sma", "ema", "kalman", "ar");
    assertThat(report.get("overall").fieldNames()).toIterable().containsExactlyElementsOf(forecasters);
    assertThat(report.get("symbols").fieldNames()).toIterable().containsExactly("AAA", "BBB");
    JsonNode aaa = report.get("symbols").get("AAA");
    // floor(0.7 * 400) = 280 ticks of history; the other 120 are each predicted, then observed
    assertThat(aaa.get("naive").get("count").asLong()).isEqualTo(120);
    assertThat(report.get("symbols").get("BBB").get("ema").get("count").asLong()).isEqualTo(90);
    assertThat(report.get("overall").get("lstm").get("count").asLong()).isEqualTo(210);
    assertThat(aaa.get("naive").get("skill").asDouble()).isZero();
    assertThat(aaa.get("naive").get("hit_rate").asDouble()).isZero(); // a predicted zero move is a miss
    assertThat(aaa.get("lstm").fieldNames()).toIterable()
        .containsExactly("count", "mse_return", "mae_price", "rmse_price", "hit_rate", "skill");
  }

  @Test
  void writesTheHtmlReportForTheChosenSymbolWithTheCommandInItsTitle() throws Exception {
    Path html = dir.resolve("report.html");
    int code = Main.execute("backtest", "--input", csv().toString(), "--html", html.toString(), "--html-symbol", "BBB",
        "--set", "train.max.epochs=2", "--set", "train.hidden.size=4");
    assertThat(code).isZero();
    String page = Files.readString(html);
    assertThat(page).contains("<h2>1. Price and forecast: BBB</h2>")
        .contains("tickcast backtest --input " + csv() + " --html " + html + " --html-symbol BBB --set train.max.epochs=2");
    // by default the symbol with the most ticks
    Main.execute("backtest", "--input", csv().toString(), "--html", html.toString(), "--set", "train.max.epochs=2",
        "--set", "train.hidden.size=4");
    assertThat(Files.readString(html)).contains("<h2>1. Price and forecast: AAA</h2>");
  }

  @Test
  void anHtmlSymbolNotInTheInputOrWithoutHtmlIsAUsageError() throws Exception {
    assertThat(Main.execute("backtest", "--input", csv().toString(), "--html", dir.resolve("r.html").toString(),
        "--html-symbol", "ZZZ")).isEqualTo(2);
    assertThat(Main.execute("backtest", "--input", csv().toString(), "--html-symbol", "AAA")).isEqualTo(2);
    assertThat(dir.resolve("r.html")).doesNotExist();
  }

  @Test
  void aTrainFractionOutsideZeroToOneIsAUsageError() throws Exception {
    assertThat(Main.execute("backtest", "--input", csv().toString(), "--train-fraction", "1.5")).isEqualTo(2);
    assertThat(Main.execute("backtest", "--input", dir.resolve("missing.csv").toString())).isEqualTo(2);
  }
}

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
    List<String> forecasters = List.of("lstm", "lstm_raw", "naive", "sma", "ema", "kalman", "ar", "lstm_normal_interval");
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
        .containsExactly("count", "mse_return", "mae_price", "rmse_price", "hit_rate", "skill", "coverage", "mean_width",
            "interval_score", "horizons");
    assertThat(aaa.get("naive").has("coverage")).isFalse();
    // forecast.horizons' default: 1, 5 and 20 under the forecasters the stream keeps per horizon
    assertThat(aaa.get("lstm").get("horizons").fieldNames()).toIterable().containsExactly("1", "5", "20");
    assertThat(aaa.get("lstm").get("horizons").get("1").get("mse_return").asDouble())
        .isEqualTo(aaa.get("lstm").get("mse_return").asDouble());
    assertThat(aaa.get("lstm").get("horizons").get("20").fieldNames()).toIterable()
        .containsExactly("count", "mse_return", "rmse_price", "skill", "coverage");
    assertThat(aaa.get("naive").get("horizons").get("5").get("skill").asDouble()).isZero();
    assertThat(aaa.get("sma").has("horizons")).isFalse();
    double coverage = aaa.get("lstm").get("coverage").asDouble();
    assertThat(coverage).isBetween(0.0, 1.0);
    assertThat(aaa.get("lstm_normal_interval").get("mse_return").asDouble()).isEqualTo(aaa.get("lstm").get("mse_return").asDouble());
    JsonNode dm = report.get("diebold_mariano").get("emitted_vs_naive");
    assertThat(dm.get("overall").get("n").asLong()).isEqualTo(210);
    assertThat(dm.get("overall").fieldNames()).toIterable()
        .containsExactly("statistic", "p_value", "mean_loss_difference", "lags", "n");
    assertThat(dm.get("symbols").get("BBB").get("n").asLong()).isEqualTo(90);
  }

  @Test
  void withSeveralSeedsEveryFigureIsAMeanWithItsStandardDeviation() throws Exception {
    Path json = dir.resolve("seeds.json");
    int code = Main.execute("backtest", "--input", csv().toString(), "--json", json.toString(), "--seeds", "2",
        "--set", "train.max.epochs=2", "--set", "train.hidden.size=4", "--set", "train.seed=11");
    assertThat(code).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.get("seeds").toString()).isEqualTo("[11,12]");
    JsonNode lstm = report.get("overall").get("lstm");
    assertThat(lstm.get("count").asDouble()).isEqualTo(210.0);
    assertThat(lstm.get("count_std").asDouble()).isZero();
    assertThat(lstm.has("mse_return_std")).isTrue();
    assertThat(report.get("symbols").get("AAA").get("naive").get("mse_return_std").asDouble()).as("naive needs no training").isZero();
    assertThat(report.get("models").size()).isEqualTo(2);
    assertThat(report.get("diebold_mariano").get("emitted_vs_naive").get("overall").has("statistic_std")).isTrue();
    assertThat(Main.execute("backtest", "--input", csv().toString(), "--seeds", "0")).isEqualTo(2);
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

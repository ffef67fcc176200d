package io.tickcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.feed.RawTick;
import io.tickcast.feed.SyntheticMarket;
import io.tickcast.feed.SyntheticMarket.Kind;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.lstm.LossMode;
import io.tickcast.lstm.TrainingConfig;
import io.tickcast.train.TrainerSettings;
import io.tickcast.train.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The backtest per horizon (issue 16) on AR(1) returns, whose optimal forecast of every horizon is
 * analytic ({@link SyntheticMarket#ar1Optimum}): the 5- and 20-tick forecasts recover at least 80%
 * of the achievable gain over naive, and the report carries every horizon under each forecaster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiHorizonBacktestTest {
  private static final int SYMBOLS = 4;
  private static final int TICKS = 8000;
  private static final double FRACTION = 0.5;

  private final ForecastSettings serving = ForecastSettings.DEFAULTS; // horizons 1, 5, 20
  private BacktestReport report;
  private List<RawTick> ticks;

  @BeforeAll
  void run() {
    TrainingConfig cfg = TrainingConfig.builder().hiddenSize(16).sequenceLength(48).burnIn(12).batchSize(32)
        .learningRate(0.01f).maxEpochs(40).patience(4).seed(3).threads(2).lossMode(LossMode.ALL_STEPS)
        .forgetGateBias(1f).build();
    TrainerSettings trainer = new TrainerSettings("test", FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS, cfg,
        new TrainingData.Shape(48, 12, 0.2, 20_000), serving.quality().horizons());
    ticks = new ArrayList<>();
    for (int s = 0; s < SYMBOLS; s++) {
      ticks.addAll(SyntheticMarket.series("S" + s, Kind.AR1_RETURNS, TICKS, 40 + s));
    }
    report = new Backtest(serving, trainer).run(ticks, FRACTION, 0);
  }

  /** MSE of the optimal forecast over the forecasts the backtest scores at horizon h: made at walked ticks and the last history tick. */
  private double optimumMse(int h) {
    double sse = 0;
    long n = 0;
    for (int s = 0; s < SYMBOLS; s++) {
      String symbol = "S" + s;
      List<RawTick> own = ticks.stream().filter(t -> t.symbol().equals(symbol)).toList();
      int history = (int) Math.floor(FRACTION * own.size());
      for (int i = history - h; i + h < own.size(); i++) {
        double last = Math.log(own.get(i).price() / own.get(i - 1).price());
        double actual = Math.log(own.get(i + h).price() / own.get(i).price());
        double e = actual - SyntheticMarket.ar1Optimum(last, h);
        sse += e * e;
        n++;
      }
    }
    return sse / n;
  }

  @Test
  void theFiveAndTwentyTickForecastsRecoverMostOfTheAchievableGain() {
    for (int h : List.of(1, 5, 20)) {
      double naive = report.overall("naive", h).mseReturn();
      double optimum = optimumMse(h);
      double emitted = report.overall("lstm", h).mseReturn();
      double raw = report.overall("lstm_raw", h).mseReturn();
      double share = (naive - emitted) / (naive - optimum);
      System.out.printf("AR(1) returns, horizon %d: emitted recovers %.3f of the gain over naive, the LSTM alone %.3f"
          + " (MSE naive %.4g, optimum %.4g, emitted %.4g, LSTM %.4g, AR %.4g); coverage %.4f%n", h, share,
          (naive - raw) / (naive - optimum), naive, optimum, emitted, raw, report.overall("ar", h).mseReturn(),
          report.overall("lstm", h).coverage());
      assertThat(report.overall("lstm", h).count()).isEqualTo(report.overall("naive", h).count());
      if (h > 1) {
        assertThat(share).as("share of the achievable gain at horizon %d", h).isGreaterThanOrEqualTo(0.8);
        assertThat(report.overall("lstm", h).coverage()).as("coverage at horizon %d", h).isCloseTo(0.9, within(0.03));
      }
    }
  }

  @Test
  void everyForecasterScoredPerHorizonCarriesItsHorizonsInTheJsonAndHorizonOneRepeatsItsTopLevelFigures() {
    JsonNode root = new ObjectMapper().valueToTree(report.toMap());
    for (String where : List.of("overall", "symbols")) {
      JsonNode blocks = where.equals("overall") ? root.get("overall") : root.get("symbols").get("S0");
      for (String f : BacktestReport.HORIZON_FORECASTERS) {
        JsonNode figures = blocks.get(f);
        JsonNode horizons = figures.get("horizons");
        assertThat(horizons).as("%s %s", where, f).isNotNull();
        assertThat(List.of(horizons.fieldNames().next())).containsExactly("1");
        assertThat(horizons.size()).isEqualTo(3);
        assertThat(horizons.get("1").get("mse_return").asDouble()).isEqualTo(figures.get("mse_return").asDouble());
        assertThat(horizons.get("1").get("skill").isNull()).isEqualTo(figures.get("skill").isNull());
        for (String h : List.of("5", "20")) {
          assertThat(horizons.get(h).get("mse_return").isNumber()).isTrue();
          assertThat(horizons.get(h).get("rmse_price").isNumber()).isTrue();
          assertThat(horizons.get(h).has("skill")).isTrue();
        }
      }
      assertThat(blocks.get("lstm").get("horizons").get("20").get("coverage").isNumber()).isTrue();
      assertThat(blocks.get("sma").has("horizons")).isFalse();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> overall = (Map<String, Object>) report.toMap().get("overall");
    assertThat(overall).containsKeys("lstm", "lstm_raw", "naive", "sma", "ema", "kalman", "ar", "lstm_normal_interval");
  }
}

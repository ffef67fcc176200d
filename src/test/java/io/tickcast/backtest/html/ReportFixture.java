package io.tickcast.backtest.html;

import io.tickcast.backtest.Backtest;
import io.tickcast.backtest.BacktestReport;
import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.feed.RawTick;
import io.tickcast.feed.SyntheticMarket;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.lstm.LossMode;
import io.tickcast.lstm.TrainingConfig;
import io.tickcast.train.TrainerSettings;
import io.tickcast.train.TrainingData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real backtest (small model) on two synthetic symbols of different lengths, recorded. */
final class ReportFixture {
  final List<RawTick> ticks = new ArrayList<>();
  final BacktestRecording recording = new BacktestRecording();
  final BacktestReport report;
  final TrainerSettings trainer;

  ReportFixture(int ticksA, int ticksB) {
    ticks.addAll(SyntheticMarket.series("AAA", SyntheticMarket.Kind.LAGGED_ECHO, ticksA, 1));
    ticks.addAll(SyntheticMarket.series("BBB", SyntheticMarket.Kind.RANDOM_WALK, ticksB, 2));
    TrainingConfig cfg = TrainingConfig.builder().hiddenSize(4).sequenceLength(16).burnIn(4).batchSize(16)
        .learningRate(0.01f).maxEpochs(2).patience(1).seed(3).threads(1).lossMode(LossMode.ALL_STEPS)
        .forgetGateBias(1f).build();
    trainer = new TrainerSettings("test", FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS, cfg,
        new TrainingData.Shape(16, 4, 0.2, 2_000));
    report = new Backtest(ForecastSettings.DEFAULTS, trainer).run(ticks, 0.7, 0, recording);
  }

  ReportContext context(String symbol) {
    return new ReportContext("data/ticks.csv", "tickcast backtest --input data/ticks.csv --html r.html", symbol,
        Map.of("seed", "3"), ticks, Instant.parse("2026-01-01T00:00:00Z"));
  }
}

package io.tickcast.stream;

import io.tickcast.forecast.StepResult;
import io.tickcast.schema.ForecastSource;
import io.tickcast.schema.HorizonForecast;
import io.tickcast.schema.Prediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Prediction} record of an accepted tick, filled from its {@link StepResult}: the
 * top-level fields (horizon 1) and one {@link HorizonForecast} per horizon the step filled.
 *
 * <p>One instance reuses one record, its horizons list and its {@link HorizonForecast}s from tick to
 * tick, so the per-tick path allocates only the tick time and the boxed skills: the record returned
 * by {@link #of} is valid until the next call. The processor forwards it to the predictions sink,
 * which serializes it during the forward. Not thread-safe: one per processor.
 */
final class PredictionRecord {
  private final Prediction record = new Prediction();
  private final List<HorizonForecast> horizons = new ArrayList<>();
  /** The horizon forecasts made so far; {@link #horizons} holds the first {@code horizonCount} of them. */
  private final List<HorizonForecast> made = new ArrayList<>();

  PredictionRecord() {
    record.setHorizons(horizons);
  }

  /** A record of its own, not reused: for callers that keep what they get. */
  static Prediction fresh(String symbol, long time, StepResult r) {
    return new PredictionRecord().of(symbol, time, r);
  }

  /** Fills the reused record from an ACCEPTED step's result; valid until the next call. */
  Prediction of(String symbol, long time, StepResult r) {
    Prediction p = record;
    p.setSymbol(symbol);
    p.setTickTime(Instant.ofEpochMilli(time));
    p.setLastPrice(r.lastPrice);
    p.setPredictedPrice(r.predictedPrice);
    p.setPredictedReturn(r.predictedReturn);
    p.setIntervalLow(r.intervalLow);
    p.setIntervalHigh(r.intervalHigh);
    p.setIntervalLevel(r.intervalLevel);
    p.setSource(source(r.source));
    p.setModelName(r.modelName);
    p.setModelVersion(r.modelVersion);
    p.setLstmPredictedPrice(r.lstmPrice);
    p.setNaivePrice(r.lastPrice);
    p.setTickCount(r.tickCount);
    p.setSkillVsNaive(boxed(r.skillVsNaive));
    horizons.clear();
    for (int i = 0; i < r.horizonCount; i++) {
      StepResult.Horizon h = r.horizon(i);
      HorizonForecast f = horizonForecast(i);
      f.setHorizon(h.ticks);
      f.setPredictedPrice(h.predictedPrice);
      f.setPredictedReturn(h.predictedReturn);
      f.setIntervalLow(h.intervalLow);
      f.setIntervalHigh(h.intervalHigh);
      f.setSource(source(h.source));
      f.setSkillVsNaive(boxed(h.skillVsNaive));
      horizons.add(f);
    }
    return p;
  }

  private HorizonForecast horizonForecast(int i) {
    while (made.size() <= i) {
      made.add(new HorizonForecast());
    }
    return made.get(i);
  }

  /** The record's nullable double: null for NaN (not scored yet). */
  private static Double boxed(double value) {
    return Double.isNaN(value) ? null : value;
  }

  private static ForecastSource source(io.tickcast.forecast.ForecastSource s) {
    return switch (s) {
      case LSTM -> ForecastSource.LSTM;
      case WARMUP -> ForecastSource.WARMUP;
      case FALLBACK -> ForecastSource.FALLBACK;
      case BLEND -> ForecastSource.BLEND;
    };
  }
}

package io.tickcast.cli;

import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.ForecastSource;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.RejectReason;
import io.tickcast.forecast.StepResult;
import io.tickcast.stream.ForecastListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the demo's console summary shows, gathered from the stream: predictions, dead letters,
 * symbols, the model in use, and each symbol's latest online skill against naive.
 */
final class DemoStats implements ForecastListener {
  /** A symbol's latest figures: skill of the raw LSTM and of what was emitted, and whether it falls back. */
  record SymbolSkill(double lstm, double emitted, boolean fallback) {}

  final AtomicLong predictions = new AtomicLong();
  final AtomicLong deadLetters = new AtomicLong();
  final AtomicLong refusedReleases = new AtomicLong();
  volatile int modelVersion;
  private final Map<String, SymbolSkill> skills = new ConcurrentHashMap<>();

  @Override
  public void predicted(String symbol, long tickTime, StepResult result, ForecastState state, long nanos) {
    predictions.incrementAndGet();
    modelVersion = result.modelVersion;
    skills.put(symbol, new SymbolSkill(state.skillVsNaive(ForecastState.LSTM_RAW), state.skillVsNaive(ForecastState.EMITTED),
        result.source == ForecastSource.FALLBACK));
  }

  @Override
  public void deadLettered(RejectReason reason) {
    deadLetters.incrementAndGet();
  }

  @Override
  public void modelAccepted(ForecastModel model, long createdAtMillis) {
    modelVersion = model.version();
  }

  @Override
  public void modelRefused(String modelName, int version, String reason) {
    refusedReleases.incrementAndGet();
  }

  int symbols() {
    return skills.size();
  }

  int fallingBack() {
    return (int) skills.values().stream().filter(SymbolSkill::fallback).count();
  }

  /** Mean over symbols of the raw LSTM's skill (NaN-free symbols only). */
  double meanLstmSkill() {
    return skills.values().stream().mapToDouble(SymbolSkill::lstm).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  double meanEmittedSkill() {
    return skills.values().stream().mapToDouble(SymbolSkill::emitted).filter(Double::isFinite).average().orElse(Double.NaN);
  }
}

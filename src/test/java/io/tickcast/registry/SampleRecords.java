package io.tickcast.registry;

import io.tickcast.schema.ForecastSource;
import io.tickcast.schema.HistoryChunk;
import io.tickcast.schema.HistoryTick;
import io.tickcast.schema.HorizonForecast;
import io.tickcast.schema.ModelRelease;
import io.tickcast.schema.Prediction;
import io.tickcast.schema.Tensor;
import io.tickcast.schema.Tick;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One filled-in instance of every record type in schemas/, optional fields set. */
final class SampleRecords {

  static final Instant T0 = Instant.parse("2024-03-01T09:30:00.123Z");

  private SampleRecords() {}

  static Tick tick() {
    return Tick.newBuilder().setSymbol("SPX").setTime(T0).setPrice(5123.25).setVolume(17.5).build();
  }

  static Prediction prediction() {
    return Prediction.newBuilder()
        .setSymbol("SPX").setTickTime(T0).setLastPrice(5123.25)
        .setPredictedPrice(5124.0).setPredictedReturn(1.46e-4)
        .setIntervalLow(5120.0).setIntervalHigh(5128.0).setIntervalLevel(0.8)
        .setSource(ForecastSource.FALLBACK).setModelName("lstm").setModelVersion(3)
        .setLstmPredictedPrice(5125.5).setNaivePrice(5123.25)
        .setTickCount(1234L).setSkillVsNaive(0.07)
        .build();
  }

  /** {@link #prediction()} with three horizons, the first repeating its top-level fields. */
  static Prediction predictionWithHorizons() {
    Prediction p = prediction();
    p.setHorizons(List.of(
        new HorizonForecast(1, p.getPredictedPrice(), p.getPredictedReturn(), p.getIntervalLow(), p.getIntervalHigh(),
            p.getSource(), p.getSkillVsNaive()),
        new HorizonForecast(5, 5125.0, 3.4e-4, 5110.0, 5140.0, ForecastSource.BLEND, -0.02),
        new HorizonForecast(20, 5130.0, 1.3e-3, 5090.0, 5170.0, ForecastSource.LSTM, null)));
    return p;
  }

  static HistoryTick historyTick() {
    return HistoryTick.newBuilder().setTime(T0).setPrice(1.0842).setVolume(null).build();
  }

  static HistoryChunk historyChunk() {
    return HistoryChunk.newBuilder()
        .setSymbol("EURUSD").setChunkIndex(42L).setFirstTime(T0).setLastTime(T0.plusMillis(250))
        .setTicks(List.of(historyTick(),
            HistoryTick.newBuilder().setTime(T0.plusMillis(250)).setPrice(1.0843).setVolume(3.0).build()))
        .build();
  }

  static Tensor tensor() {
    return Tensor.newBuilder().setName("lstm.weight_ih_l0").setShape(List.of(2, 3))
        .setValues(List.of(0.1f, -0.2f, 0.3f, -0.4f, 0.5f, Float.MIN_VALUE)).build();
  }

  static ModelRelease modelRelease() {
    return ModelRelease.newBuilder()
        .setModelName("lstm").setVersion(7).setCreatedAt(T0)
        .setFeatures(List.of("logReturn", "spread"))
        .setFeatureSettings(Map.of("halfLife", "500"))
        .setWeights(List.of(tensor()))
        .setOrigin("trainer").setParentVersion(6)
        .setTrainingSettings(Map.of("seqLen", "64", "lr", "0.001"))
        .setSeed(99L).setDataFrom(T0.minusSeconds(86_400)).setDataTo(T0)
        .setSymbols(12).setTrainingSequences(5000)
        .setValidationMse(0.91).setChampionValidationMse(0.95).setNaiveValidationMse(1.0)
        .build();
  }

  static List<SpecificRecord> all() {
    return List.of(tick(), prediction(), historyTick(), historyChunk(), tensor(), modelRelease());
  }
}

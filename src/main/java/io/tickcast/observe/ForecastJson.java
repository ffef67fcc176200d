package io.tickcast.observe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickcast.baseline.OnlineErrors;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.StepResult;
import java.time.Instant;
import java.util.Locale;

/**
 * The JSON of {@code /forecast/{symbol}}: the symbol's latest prediction with the fields and names of
 * the {@code Prediction} record on the predictions topic (its {@code horizons} a list of objects with
 * the fields of {@code HorizonForecast}, one per configured horizon), then its online figures per
 * forecaster and the instance that answered. Figures that are not finite (not scored yet) are null.
 */
final class ForecastJson {
  private ForecastJson() {}

  static ObjectNode of(String symbol, ForecastState state, StepResult last, String servedBy) {
    ObjectNode n = Json.object();
    n.put("symbol", symbol);
    n.put("tickTime", Instant.ofEpochMilli(state.lastTime()).toString());
    n.put("tickTimeMillis", state.lastTime());
    Json.putFinite(n, "lastPrice", last.lastPrice);
    Json.putFinite(n, "predictedPrice", last.predictedPrice);
    Json.putFinite(n, "predictedReturn", last.predictedReturn);
    Json.putFinite(n, "intervalLow", last.intervalLow);
    Json.putFinite(n, "intervalHigh", last.intervalHigh);
    Json.putFinite(n, "intervalLevel", last.intervalLevel);
    n.put("source", last.source.name());
    n.put("modelName", last.modelName);
    n.put("modelVersion", last.modelVersion);
    Json.putFinite(n, "lstmPredictedPrice", last.lstmPrice);
    Json.putFinite(n, "naivePrice", last.lastPrice);
    n.put("tickCount", last.tickCount);
    Json.putFinite(n, "skillVsNaive", last.skillVsNaive);
    ArrayNode horizons = n.putArray("horizons");
    for (int i = 0; i < last.horizonCount; i++) {
      StepResult.Horizon h = last.horizon(i);
      ObjectNode f = horizons.addObject();
      f.put("horizon", h.ticks);
      Json.putFinite(f, "predictedPrice", h.predictedPrice);
      Json.putFinite(f, "predictedReturn", h.predictedReturn);
      Json.putFinite(f, "intervalLow", h.intervalLow);
      Json.putFinite(f, "intervalHigh", h.intervalHigh);
      f.put("source", h.source.name());
      Json.putFinite(f, "skillVsNaive", h.skillVsNaive);
    }
    n.put("fallbackActive", state.fallbackActive());
    n.put("fallbacks", state.fallbacks());
    ObjectNode online = n.putObject("online");
    for (int i = 0; i < state.errorCount(); i++) {
      OnlineErrors e = state.errors(i);
      ObjectNode f = online.putObject(ForecastState.errorName(i).toLowerCase(Locale.ROOT));
      f.put("scored", e.count());
      Json.putFinite(f, "squaredReturnError", e.squaredReturnError());
      Json.putFinite(f, "absPriceError", e.absPriceError());
      Json.putFinite(f, "hitRate", e.hitRate());
      Json.putFinite(f, "skillVsNaive", state.skillVsNaive(i));
    }
    n.put("servedBy", servedBy);
    return n;
  }
}

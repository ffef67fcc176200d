package io.tickcast.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickcast.features.FeatureSettings;
import io.tickcast.forecast.ForecastEngine;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.forecast.ForecastSource;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.StepResult;
import org.junit.jupiter.api.Test;

/** {@code /forecast/{symbol}} lists every horizon with the figures of the step, named as in the Prediction record. */
class ForecastJsonTest {
  private static final long T0 = 1_767_225_600_000L;
  private static final int[] HORIZONS = {1, 5, 20};

  private final ForecastEngine engine = new ForecastEngine(ForecastSettings.DEFAULTS);
  private final ForecastState state = engine.newState();
  private final StepResult result = new StepResult();

  /** One real step (for the state), then horizons set here: the engine's own are not what is tested. */
  private JsonNode answer(boolean scored) throws Exception {
    engine.step(state, "SYM", T0, 100.0, Double.NaN, ForecastModel.defaultModel("m", FeatureSettings.DEFAULTS), T0, result);
    for (int i = 0; i < HORIZONS.length; i++) {
      StepResult.Horizon h = result.horizon(i);
      h.ticks = HORIZONS[i];
      h.predictedReturn = 0.002 * HORIZONS[i];
      h.predictedPrice = 100.0 * Math.exp(h.predictedReturn);
      h.intervalLow = 100.0 - HORIZONS[i];
      h.intervalHigh = 100.0 + HORIZONS[i];
      h.source = i == 0 ? ForecastSource.LSTM : ForecastSource.BLEND;
      h.skillVsNaive = scored ? 0.1 * (i + 1) : Double.NaN;
    }
    result.horizonCount = HORIZONS.length;
    return Json.MAPPER.readTree(Json.bytes(ForecastJson.of("SYM", state, result, "host:1")));
  }

  @Test
  void everyHorizonIsListedWithItsFigures() throws Exception {
    JsonNode horizons = answer(true).get("horizons");

    assertThat(horizons).hasSize(3);
    for (int i = 0; i < HORIZONS.length; i++) {
      JsonNode f = horizons.get(i);
      StepResult.Horizon h = result.horizon(i);
      assertThat(f.fieldNames()).toIterable().containsExactly(
          "horizon", "predictedPrice", "predictedReturn", "intervalLow", "intervalHigh", "source", "skillVsNaive");
      assertThat(f.get("horizon").asInt()).isEqualTo(HORIZONS[i]);
      assertThat(f.get("predictedPrice").asDouble()).isEqualTo(h.predictedPrice);
      assertThat(f.get("predictedReturn").asDouble()).isEqualTo(h.predictedReturn);
      assertThat(f.get("intervalLow").asDouble()).isEqualTo(h.intervalLow);
      assertThat(f.get("intervalHigh").asDouble()).isEqualTo(h.intervalHigh);
      assertThat(f.get("source").asText()).isEqualTo(h.source.name());
      assertThat(f.get("skillVsNaive").asDouble()).isEqualTo(h.skillVsNaive);
    }
  }

  @Test
  void anUnscoredHorizonHasANullSkill() throws Exception {
    assertThat(answer(false).get("horizons")).allSatisfy(f -> assertThat(f.get("skillVsNaive").isNull()).isTrue());
  }
}

package io.tickcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.forecast.ForecastSource;
import io.tickcast.forecast.StepResult;
import io.tickcast.schema.HorizonForecast;
import io.tickcast.schema.Prediction;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The step's horizons reach the Prediction record, and a reused record carries nothing over from the tick before. */
class PredictionRecordTest {
  private static final long T = 1_767_225_600_000L;

  /** A step result as the engine fills it, with three horizons; skills NaN where {@code scored} is false. */
  private static StepResult accepted(double price, boolean scored, int... horizons) {
    StepResult r = new StepResult();
    r.outcome = StepResult.Outcome.ACCEPTED;
    r.source = ForecastSource.BLEND;
    r.modelName = "m";
    r.modelVersion = 4;
    r.lastPrice = price;
    r.predictedReturn = 0.001;
    r.predictedPrice = price * Math.exp(0.001);
    r.lstmPrice = price * 1.002;
    r.intervalLow = price * 0.99;
    r.intervalHigh = price * 1.01;
    r.intervalLevel = 0.9;
    r.tickCount = 77;
    r.skillVsNaive = scored ? 0.05 : Double.NaN;
    for (int i = 0; i < horizons.length; i++) {
      StepResult.Horizon h = r.horizon(i);
      h.ticks = horizons[i];
      h.predictedReturn = 0.001 * horizons[i];
      h.predictedPrice = price * Math.exp(h.predictedReturn);
      h.intervalLow = price * (1 - 0.01 * horizons[i]);
      h.intervalHigh = price * (1 + 0.01 * horizons[i]);
      h.source = i == 2 ? ForecastSource.FALLBACK : ForecastSource.BLEND;
      h.skillVsNaive = scored ? 0.05 / horizons[i] : Double.NaN;
    }
    return r;
  }

  @Test
  void everyHorizonOfTheStepIsARecordWithItsFigures() {
    StepResult r = accepted(100.0, true, 1, 5, 20);
    Prediction p = PredictionRecord.fresh("SYM", T, r);

    assertThat(p.getHorizons()).extracting(HorizonForecast::getHorizon).containsExactly(1, 5, 20);
    for (int i = 0; i < 3; i++) {
      StepResult.Horizon h = r.horizon(i);
      HorizonForecast f = p.getHorizons().get(i);
      assertThat(f.getPredictedPrice()).isEqualTo(h.predictedPrice);
      assertThat(f.getPredictedReturn()).isEqualTo(h.predictedReturn);
      assertThat(f.getIntervalLow()).isEqualTo(h.intervalLow);
      assertThat(f.getIntervalHigh()).isEqualTo(h.intervalHigh);
      assertThat(f.getSkillVsNaive()).isEqualTo(h.skillVsNaive);
    }
    assertThat(p.getHorizons()).extracting(HorizonForecast::getSource).containsExactly(
        io.tickcast.schema.ForecastSource.BLEND, io.tickcast.schema.ForecastSource.BLEND, io.tickcast.schema.ForecastSource.FALLBACK);
    // the top-level fields stay as before
    assertThat(p.getSymbol()).isEqualTo("SYM");
    assertThat(p.getTickTime()).isEqualTo(Instant.ofEpochMilli(T));
    assertThat(p.getPredictedPrice()).isEqualTo(r.predictedPrice);
    assertThat(p.getLstmPredictedPrice()).isEqualTo(r.lstmPrice);
    assertThat(p.getNaivePrice()).isEqualTo(100.0);
    assertThat(p.getSkillVsNaive()).isEqualTo(0.05);
    assertThat(p.getSource()).isEqualTo(io.tickcast.schema.ForecastSource.BLEND);
  }

  @Test
  void unscoredSkillsAreNullAndAStepWithoutHorizonsHasAnEmptyList() {
    Prediction p = PredictionRecord.fresh("SYM", T, accepted(100.0, false, 1, 5));
    assertThat(p.getSkillVsNaive()).isNull();
    assertThat(p.getHorizons()).hasSize(2).allSatisfy(f -> assertThat(f.getSkillVsNaive()).isNull());

    assertThat(PredictionRecord.fresh("SYM", T, accepted(100.0, false)).getHorizons()).isEmpty();
  }

  @Test
  void theReusedRecordHoldsOnlyTheLatestStep() throws Exception {
    PredictionRecord reused = new PredictionRecord();
    reused.of("A", T, accepted(100.0, true, 1, 5, 20));
    Prediction second = reused.of("B", T + 1000, accepted(50.0, false, 1, 5));

    assertThat(second).isEqualTo(PredictionRecord.fresh("B", T + 1000, accepted(50.0, false, 1, 5)));
    assertThat(second.getHorizons()).hasSize(2);
    assertThat(second.getHorizons().get(1).getSkillVsNaive()).isNull();
    assertThat(second.getHorizons().get(1).getPredictedPrice()).isEqualTo(50.0 * Math.exp(0.005));

    // and it writes as such: what a reader gets back equals the step it was filled from
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(Prediction.class).write(second, enc);
    enc.flush();
    Prediction read = new SpecificDatumReader<>(Prediction.class).read(null,
        DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    assertThat(read).isEqualTo(second);
  }
}

package io.tickcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.forecast.ForecastEngine;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.RejectReason;
import io.tickcast.forecast.StepResult;
import org.junit.jupiter.api.Test;

class RunMeterTest {

  @Test
  void theClockStartsAtTheFirstTickAndStaysThere() throws InterruptedException {
    RunMeter m = new RunMeter();
    assertThat(m.firstTickNanos()).isZero();
    m.tickConsumed();
    long first = m.firstTickNanos();
    assertThat(first).isNotZero();
    Thread.sleep(2);
    m.tickConsumed();
    m.duplicateDropped();
    assertThat(m.firstTickNanos()).isEqualTo(first);
  }

  @Test
  void countsPredictionsApartFromTicksThatMakeNone() {
    RunMeter m = new RunMeter();
    ForecastEngine engine = new ForecastEngine(ForecastSettings.DEFAULTS);
    ForecastState state = engine.newState();
    ForecastModel model = ForecastModel.defaultModel("m", ForecastSettings.DEFAULTS.features());
    StepResult r = new StepResult();
    for (int i = 1; i <= 3; i++) {
      engine.step(state, "S", 1000L * i, 100.0 + i, Double.NaN, model, 0L, r);
      m.predicted("S", 1000L * i, r, state, 10);
    }
    m.duplicateDropped();
    m.staleDropped();
    m.deadLettered(RejectReason.UNDECODABLE);
    m.forwarded();
    assertThat(m.forwardedCount()).isEqualTo(4);
    assertThat(m.notForwardedCount()).isEqualTo(3);
  }

  @Test
  void meanStateSizeIsTheMeanOfTheStatesAsWritten() {
    RunMeter m = new RunMeter();
    ForecastEngine engine = new ForecastEngine(ForecastSettings.DEFAULTS);
    ForecastState state = engine.newState();
    ForecastModel model = ForecastModel.defaultModel("m", ForecastSettings.DEFAULTS.features());
    StepResult r = new StepResult();
    long sum = 0;
    for (int i = 1; i <= 10; i++) {
      engine.step(state, "S", 1000L * i, 100.0 + i, Double.NaN, model, 0L, r);
      sum += state.toBytes().length;
      m.predicted("S", 1000L * i, r, state, 10);
    }
    assertThat(m.meanStateBytes()).isEqualTo(sum / 10.0);
  }
}

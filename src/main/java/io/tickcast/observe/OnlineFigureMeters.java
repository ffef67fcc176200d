package io.tickcast.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickcast.forecast.ForecastState;

/**
 * The online error figures of every forecaster aggregated over all symbols.
 *
 * <p>Each symbol's state keeps EWMA figures per forecaster; after each prediction the figures of the
 * symbol that ticked feed a moving average here (half-life {@value #HALF_LIFE_PREDICTIONS}
 * predictions). The aggregate is thus a mean over symbols weighted by how often they tick, kept up
 * to date without a pass over the state store, at a few compare-and-sets per tick.
 *
 * <ul>
 *   <li>{@code tickcast_online_squared_return_error{forecaster}}: gauge, mean of the symbols' EWMA
 *       squared log-return errors.
 *   <li>{@code tickcast_online_skill{forecaster}}: gauge, mean of the symbols' skill against naive,
 *       1 − own squared error / naive's (0 for naive itself; above 0 beats the random walk).
 * </ul>
 * {@code forecaster} is {@code emitted} (what was published, after warm-up and fallback),
 * {@code lstm} (the model alone) or a baseline: {@code naive}, {@code sma}, {@code ema},
 * {@code kalman}, {@code ar}.
 */
final class OnlineFigureMeters {
  static final double HALF_LIFE_PREDICTIONS = 2000;

  private final MovingAverage[] squaredErrors;
  private final MovingAverage[] skills;

  OnlineFigureMeters(MeterRegistry registry, int forecasters) {
    squaredErrors = new MovingAverage[forecasters];
    skills = new MovingAverage[forecasters];
    for (int i = 0; i < forecasters; i++) {
      String name = ForecastState.errorName(i);
      MovingAverage error = squaredErrors[i] = new MovingAverage(HALF_LIFE_PREDICTIONS);
      MovingAverage skill = skills[i] = new MovingAverage(HALF_LIFE_PREDICTIONS);
      Gauge.builder("tickcast.online.squared.return.error", error, MovingAverage::value)
          .description("Mean over symbols (tick-weighted) of the EWMA squared log-return error of each forecaster")
          .tag("forecaster", name)
          .register(registry);
      Gauge.builder("tickcast.online.skill", skill, MovingAverage::value)
          .description("Mean over symbols (tick-weighted) of the online skill against naive: 1 - squared error / naive's")
          .tag("forecaster", name)
          .register(registry);
    }
  }

  /** Feeds the figures of the symbol that just ticked. */
  void update(ForecastState state) {
    int n = Math.min(squaredErrors.length, state.errorCount());
    for (int i = 0; i < n; i++) {
      squaredErrors[i].update(state.errors(i).squaredReturnError());
      skills[i].update(state.skillVsNaive(i));
    }
  }
}

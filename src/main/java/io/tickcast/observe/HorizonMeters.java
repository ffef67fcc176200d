package io.tickcast.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickcast.forecast.Horizons;
import io.tickcast.forecast.StepResult;

/**
 * The forecast's quality per horizon, aggregated over all symbols, one series per configured
 * horizon ({@code forecast.horizons}, at most {@value Horizons#MAX_COUNT}): registered up front and
 * held in arrays by the horizon's position, so a tick costs no lookup and no allocation.
 *
 * <ul>
 *   <li>{@code tickcast_horizon_interval_scored_total{horizon}} and
 *       {@code tickcast_horizon_interval_covered_total{horizon}}: counters, intervals published for
 *       the price {@code horizon} ticks ahead that were scored (by the symbol's tick that many ticks
 *       later), and those that held that price; their rates' ratio is the realized coverage at that
 *       horizon. Horizon 1 counts what {@code tickcast_interval_scored_total} and
 *       {@code tickcast_interval_covered_total} count.
 *   <li>{@code tickcast_horizon_online_skill{horizon}}: gauge, mean over symbols (tick-weighted, as
 *       {@link OnlineFigureMeters}) of the emitted forecast's online skill against naive at that
 *       horizon; NaN until a forecast at that horizon is scored.
 * </ul>
 * {@code horizon} is the horizon in ticks: {@code 1}, {@code 5}, {@code 20} by default.
 */
final class HorizonMeters {
  private final int[] ticks;
  private final Counter[] scored;
  private final Counter[] covered;
  private final MovingAverage[] skills;

  HorizonMeters(MeterRegistry registry, Horizons horizons) {
    ticks = horizons.toArray();
    scored = new Counter[ticks.length];
    covered = new Counter[ticks.length];
    skills = new MovingAverage[ticks.length];
    for (int i = 0; i < ticks.length; i++) {
      String h = Integer.toString(ticks[i]);
      scored[i] = Counter.builder("tickcast.horizon.interval.scored")
          .description("Published prediction intervals of the price horizon ticks ahead, scored by the tick that many ticks later")
          .tag("horizon", h).register(registry);
      covered[i] = Counter.builder("tickcast.horizon.interval.covered")
          .description("Published prediction intervals of the price horizon ticks ahead that held that price")
          .tag("horizon", h).register(registry);
      MovingAverage skill = skills[i] = new MovingAverage(OnlineFigureMeters.HALF_LIFE_PREDICTIONS);
      Gauge.builder("tickcast.horizon.online.skill", skill, MovingAverage::value)
          .description("Mean over symbols (tick-weighted) of the emitted forecast's online skill against naive at the horizon")
          .tag("horizon", h).register(registry);
    }
  }

  /**
   * Whether the step's {@code i}-th horizon is the {@code i}-th configured one: the step fills its
   * horizons in the configured order, and a horizon the meters were not made for is skipped.
   */
  static boolean configuredAt(int[] configured, StepResult.Horizon h, int i) {
    return i < configured.length && h.ticks == configured[i];
  }

  /** Feeds the horizons of an accepted step. */
  void update(StepResult r) {
    for (int i = 0; i < r.horizonCount; i++) {
      StepResult.Horizon h = r.horizon(i);
      if (!configuredAt(ticks, h, i)) {
        continue;
      }
      if (h.intervalScored) {
        scored[i].increment();
        if (h.intervalCovered) {
          covered[i].increment();
        }
      }
      skills[i].update(h.skillVsNaive);
    }
  }
}

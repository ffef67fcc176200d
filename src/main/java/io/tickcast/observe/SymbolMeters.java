package io.tickcast.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.Horizons;
import io.tickcast.forecast.StepResult;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Meters of one symbol out of the configured set {@code metrics.symbols}: per-symbol series are
 * only made for that bounded set, never for every symbol seen.
 *
 * <ul>
 *   <li>{@code tickcast_symbol_predictions_total{symbol}}: counter of predictions.
 *   <li>{@code tickcast_symbol_price{symbol}}: gauge, price of the latest tick.
 *   <li>{@code tickcast_symbol_predicted_price{symbol}}: gauge, the prediction made after it (for the next tick).
 *   <li>{@code tickcast_symbol_interval_low{symbol}}, {@code tickcast_symbol_interval_high{symbol}}:
 *       gauges, the prediction interval of the next price.
 *   <li>{@code tickcast_symbol_fallback_active{symbol}}: gauge, 1 while the symbol's LSTM holds under 1%
 *       of the emitted combination's weight (FALLBACK).
 *   <li>{@code tickcast_symbol_interval_scored_total{symbol}}, {@code tickcast_symbol_interval_covered_total{symbol}}:
 *       counters, the symbol's published intervals scored by its next tick and those that held the
 *       price (realized coverage = ratio of their rates).
 *   <li>{@code tickcast_symbol_online_squared_return_error{symbol,forecaster}} and
 *       {@code tickcast_symbol_online_skill{symbol,forecaster}}: gauges, the symbol's EWMA figures.
 *   <li>{@code tickcast_symbol_horizon_online_skill{symbol,horizon}}: gauge, the symbol's online skill
 *       against naive of the emitted forecast at each configured horizon (in ticks).
 *   <li>{@code tickcast_symbol_horizon_interval_scored_total{symbol,horizon}},
 *       {@code tickcast_symbol_horizon_interval_covered_total{symbol,horizon}}: counters, the symbol's
 *       published intervals of the price {@code horizon} ticks ahead scored that many ticks later,
 *       and those that held it.
 * </ul>
 * Values are kept as double bits in an {@link AtomicLongArray}: written with release semantics by
 * the stream thread that owns the symbol, read by the scrape, no locks and no allocation.
 *
 * <p>The gauges read NaN once the symbol has not ticked here for {@link #STALE_AFTER_MILLIS}: after a
 * rebalance moves the symbol to another instance, this one stops exporting its last values, so a
 * dashboard that takes the max over instances shows the owner's.
 */
final class SymbolMeters {
  private static final int PRICE = 0;
  private static final int PREDICTED = 1;
  private static final int LOW = 2;
  private static final int HIGH = 3;
  private static final int FALLBACK = 4;
  private static final int FIRST_FIGURE = 5;

  static final long STALE_AFTER_MILLIS = 10 * 60_000L;

  private final int forecasters;
  /** The configured horizons in ticks; their skills follow the forecasters' figures in {@link #values}. */
  private final int[] horizons;
  private final Counter[] horizonScored;
  private final Counter[] horizonCovered;
  private final LongSupplier clock;
  private final AtomicLong lastUpdateMillis = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLongArray values;
  private final Counter predictions;
  private final Counter intervalsScored;
  private final Counter intervalsCovered;

  SymbolMeters(MeterRegistry registry, String symbol, int forecasters, Horizons horizons, LongSupplier clock) {
    this.forecasters = forecasters;
    this.horizons = horizons.toArray();
    this.clock = clock;
    this.values = new AtomicLongArray(FIRST_FIGURE + 2 * forecasters + this.horizons.length);
    for (int i = 0; i < values.length(); i++) {
      values.set(i, Double.doubleToRawLongBits(Double.NaN));
    }
    Tags tags = Tags.of("symbol", symbol);
    predictions = Counter.builder("tickcast.symbol.predictions").description("Predictions emitted for the symbol")
        .tags(tags).register(registry);
    intervalsScored = Counter.builder("tickcast.symbol.interval.scored")
        .description("The symbol's published intervals scored by its next tick").tags(tags).register(registry);
    intervalsCovered = Counter.builder("tickcast.symbol.interval.covered")
        .description("The symbol's published intervals that held its next price").tags(tags).register(registry);
    gauge(registry, "tickcast.symbol.price", "Price of the symbol's latest tick", tags, PRICE);
    gauge(registry, "tickcast.symbol.predicted.price", "Predicted price of the symbol's next tick", tags, PREDICTED);
    gauge(registry, "tickcast.symbol.interval.low", "Lower end of the prediction interval of the next price", tags, LOW);
    gauge(registry, "tickcast.symbol.interval.high", "Upper end of the prediction interval of the next price", tags, HIGH);
    gauge(registry, "tickcast.symbol.fallback.active", "1 while the symbol's LSTM holds under 1% of the emitted combination's weight", tags, FALLBACK);
    for (int i = 0; i < forecasters; i++) {
      Tags f = tags.and("forecaster", ForecastState.errorName(i));
      gauge(registry, "tickcast.symbol.online.squared.return.error", "The symbol's EWMA squared log-return error", f, FIRST_FIGURE + i);
      gauge(registry, "tickcast.symbol.online.skill", "The symbol's online skill against naive", f,
          FIRST_FIGURE + forecasters + i);
    }
    horizonScored = new Counter[this.horizons.length];
    horizonCovered = new Counter[this.horizons.length];
    for (int i = 0; i < this.horizons.length; i++) {
      Tags h = tags.and("horizon", Integer.toString(this.horizons[i]));
      gauge(registry, "tickcast.symbol.horizon.online.skill", "The symbol's online skill against naive at the horizon", h,
          firstHorizonSkill() + i);
      horizonScored[i] = Counter.builder("tickcast.symbol.horizon.interval.scored")
          .description("The symbol's published intervals of the price horizon ticks ahead, scored that many ticks later")
          .tags(h).register(registry);
      horizonCovered[i] = Counter.builder("tickcast.symbol.horizon.interval.covered")
          .description("The symbol's published intervals of the price horizon ticks ahead that held that price")
          .tags(h).register(registry);
    }
  }

  private int firstHorizonSkill() {
    return FIRST_FIGURE + 2 * forecasters;
  }

  private void gauge(MeterRegistry registry, String name, String description, Tags tags, int slot) {
    ToDoubleFunction<AtomicLongArray> read = v -> fresh() ? Double.longBitsToDouble(v.get(slot)) : Double.NaN;
    Gauge.builder(name, values, read).description(description).tags(tags).register(registry);
  }

  private boolean fresh() {
    long last = lastUpdateMillis.get();
    return last != Long.MIN_VALUE && clock.getAsLong() - last <= STALE_AFTER_MILLIS;
  }

  void update(StepResult r, ForecastState state) {
    predictions.increment();
    if (r.intervalScored) {
      intervalsScored.increment();
      if (r.intervalCovered) {
        intervalsCovered.increment();
      }
    }
    put(PRICE, r.lastPrice);
    put(PREDICTED, r.predictedPrice);
    put(LOW, r.intervalLow);
    put(HIGH, r.intervalHigh);
    put(FALLBACK, state.fallbackActive() ? 1 : 0);
    int n = Math.min(forecasters, state.errorCount());
    for (int i = 0; i < n; i++) {
      put(FIRST_FIGURE + i, state.errors(i).squaredReturnError());
      put(FIRST_FIGURE + forecasters + i, state.skillVsNaive(i));
    }
    for (int i = 0; i < r.horizonCount; i++) {
      StepResult.Horizon h = r.horizon(i);
      if (!HorizonMeters.configuredAt(horizons, h, i)) {
        continue;
      }
      put(firstHorizonSkill() + i, h.skillVsNaive);
      if (h.intervalScored) {
        horizonScored[i].increment();
        if (h.intervalCovered) {
          horizonCovered[i].increment();
        }
      }
    }
    lastUpdateMillis.lazySet(clock.getAsLong());
  }

  private void put(int slot, double value) {
    values.lazySet(slot, Double.doubleToRawLongBits(value));
  }
}

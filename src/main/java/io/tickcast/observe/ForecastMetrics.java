package io.tickcast.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tickcast.baseline.BaselineSettings;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.ForecastSource;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.Horizons;
import io.tickcast.forecast.RejectReason;
import io.tickcast.forecast.StepResult;
import io.tickcast.stream.ForecastListener;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The stream's own meters, fed by the {@link ForecastListener} callbacks.
 *
 * <p>The per-tick callbacks run on stream threads at up to several hundred thousand ticks a second,
 * so every meter they touch is registered up front and held in a field or an array indexed by an
 * enum ordinal: no tag lookup, no lock and no allocation per tick. Per-symbol meters exist only for
 * the configured symbols ({@code metrics.symbols}), found in a small immutable map.
 *
 * <p>Meters (Prometheus names):
 * <ul>
 *   <li>{@code tickcast_ticks_total}: records read from the ticks topic, whatever became of them.
 *   <li>{@code tickcast_predictions_total{source}}: predictions emitted, by {@code source} = {@code lstm}
 *       (the LSTM alone), {@code blend} (the online combination of the LSTM and the baselines),
 *       {@code warmup} (too few ticks yet: naive) or {@code fallback} (the LSTM holds under 1% of the
 *       combination's weight: the baselines).
 *   <li>{@code tickcast_interval_scored_total} and {@code tickcast_interval_covered_total}: published
 *       intervals scored by their symbol's next tick, and those that held its price; their rates'
 *       ratio is the realized coverage, to compare with {@code forecast.interval.level}.
 *   <li>{@code tickcast_dead_letters_total{reason}}: records sent to the dead-letter topic, by reason
 *       ({@link RejectReason#tag()}).
 *   <li>{@code tickcast_duplicates_dropped_total}, {@code tickcast_stale_dropped_total}: exact
 *       duplicates (only with {@code ticks.drop.duplicates}), and ticks before their symbol's last
 *       time, dropped.
 *   <li>{@code tickcast_registry_unavailable_total}: records whose schema the registry could not
 *       serve (unreachable, 5xx); their task failed and reads them again, nothing is dead-lettered.
 *   <li>{@code tickcast_stream_thread_failures_total{cause, action}}: stream threads that died, by the
 *       exception's class and {@code action} = {@code replaced} or {@code shutdown}.
 *   <li>{@code tickcast_tick_processing_seconds}: histogram of the time from a tick's arrival at the
 *       processor to its prediction being forwarded (state load, step, state save).
 *   <li>{@code tickcast_event_lag_seconds}: gauge, wall clock now minus the newest tick time processed;
 *       it keeps growing while the stream stalls.
 *   <li>{@code tickcast_model_version}: gauge, version of the model in use (0 = built-in default).
 *   <li>{@code tickcast_model_age_seconds}: gauge, now minus the creation time of the release in use;
 *       NaN while the built-in default serves.
 *   <li>{@code tickcast_model_releases_total{outcome}}: releases {@code accepted} or {@code refused}.
 *   <li>{@code tickcast_fallbacks_total}: times a symbol's LSTM dropped under 1% of the combination's
 *       weight (FALLBACK); {@code tickcast_fallback_releases_total}: times it came back above.
 *   <li>{@code tickcast_rewarms_total}: symbol states re-warmed after a model swap.
 *   <li>{@code tickcast_history_chunks_total}: history chunks written for the trainer.
 *   <li>the aggregate online figures of {@link OnlineFigureMeters}, the per-horizon figures of
 *       {@link HorizonMeters} and the per-symbol meters of {@link SymbolMeters}.
 * </ul>
 */
public final class ForecastMetrics implements ForecastListener {
  /** Buckets of the processing-time histogram: a step is microseconds, a state-store miss may take milliseconds. */
  static final Duration[] PROCESSING_BUCKETS = {
      Duration.ofNanos(2_000), Duration.ofNanos(5_000), Duration.ofNanos(10_000), Duration.ofNanos(20_000),
      Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(200_000), Duration.ofNanos(500_000),
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
      Duration.ofMillis(100)};

  private static final long NO_TICK = Long.MIN_VALUE;

  private final Counter ticks;
  private final Counter[] predictionsBySource;
  private final Counter[] deadLettersByReason;
  private final Counter registryUnavailable;
  private final MeterRegistry registry;
  private final Counter duplicates;
  private final Counter stale;
  private final Counter chunks;
  private final Counter rewarms;
  private final Counter fallbacksEngaged;
  private final Counter fallbacksReleased;
  private final Counter intervalsScored;
  private final Counter intervalsCovered;
  private final Counter releasesAccepted;
  private final Counter releasesRefused;
  private final Timer processing;
  private final AtomicLong newestTickTime = new AtomicLong(NO_TICK);
  private final AtomicLong modelVersion = new AtomicLong();
  private final AtomicLong modelCreatedAt = new AtomicLong(NO_TICK);
  private final OnlineFigureMeters online;
  private final HorizonMeters horizonMeters;
  private final Map<String, SymbolMeters> symbols;
  private final LongSupplier clock;

  /**
   * @param symbols the symbols that get per-symbol meters
   * @param horizons the configured forecast horizons ({@code forecast.horizons}), each of which gets its meters
   * @param clock wall clock in epoch milliseconds, for the lag and age gauges
   */
  public ForecastMetrics(MeterRegistry registry, Collection<String> symbols, Horizons horizons, LongSupplier clock) {
    this.clock = clock;
    ticks = Counter.builder("tickcast.ticks").description("Records read from the ticks topic").register(registry);
    ForecastSource[] sources = ForecastSource.values();
    predictionsBySource = new Counter[sources.length];
    for (ForecastSource s : sources) {
      predictionsBySource[s.ordinal()] = Counter.builder("tickcast.predictions")
          .description("Predictions emitted, by the forecaster that produced them")
          .tag("source", s.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
    }
    RejectReason[] reasons = RejectReason.values();
    deadLettersByReason = new Counter[reasons.length];
    for (RejectReason r : reasons) {
      deadLettersByReason[r.ordinal()] = Counter.builder("tickcast.dead.letters")
          .description("Records sent to the dead-letter topic, by reason").tag("reason", r.tag()).register(registry);
    }
    duplicates = Counter.builder("tickcast.duplicates.dropped").description("Exact duplicate ticks dropped").register(registry);
    stale = Counter.builder("tickcast.stale.dropped").description("Ticks before their symbol's last time, dropped").register(registry);
    registryUnavailable = Counter.builder("tickcast.registry.unavailable")
        .description("Records whose schema the registry could not serve; their task failed and reads them again").register(registry);
    this.registry = registry;
    chunks = Counter.builder("tickcast.history.chunks").description("History chunks written").register(registry);
    rewarms = Counter.builder("tickcast.rewarms").description("Symbol states re-warmed after a model swap").register(registry);
    fallbacksEngaged = Counter.builder("tickcast.fallbacks").description("Times a symbol's LSTM dropped out of the emitted combination (under 1% of the weight)").register(registry);
    fallbacksReleased = Counter.builder("tickcast.fallback.releases").description("Times a symbol's LSTM came back into the emitted combination").register(registry);
    intervalsScored = Counter.builder("tickcast.interval.scored")
        .description("Published prediction intervals scored by their symbol's next tick").register(registry);
    intervalsCovered = Counter.builder("tickcast.interval.covered")
        .description("Published prediction intervals that held their symbol's next price").register(registry);
    releasesAccepted = Counter.builder("tickcast.model.releases").description("Model releases by outcome")
        .tag("outcome", "accepted").register(registry);
    releasesRefused = Counter.builder("tickcast.model.releases").description("Model releases by outcome")
        .tag("outcome", "refused").register(registry);
    processing = Timer.builder("tickcast.tick.processing")
        .description("Processing time of an accepted tick: state load, forecast step, state save")
        .serviceLevelObjectives(PROCESSING_BUCKETS)
        .register(registry);
    Gauge.builder("tickcast.event.lag", this, ForecastMetrics::eventLagSeconds).baseUnit("seconds")
        .description("Wall clock minus the newest tick time processed").register(registry);
    Gauge.builder("tickcast.model.version", modelVersion, AtomicLong::get)
        .description("Version of the model in use (0 = built-in default)").register(registry);
    Gauge.builder("tickcast.model.age", this, ForecastMetrics::modelAgeSeconds).baseUnit("seconds")
        .description("Age of the model release in use; NaN while the built-in default serves").register(registry);
    int forecasters = ForecastState.FIRST_BASELINE + BaselineSettings.NAMES.length;
    online = new OnlineFigureMeters(registry, forecasters);
    horizonMeters = new HorizonMeters(registry, horizons);
    Map<String, SymbolMeters> bySymbol = new HashMap<>();
    for (String s : symbols) {
      if (!s.isBlank()) {
        bySymbol.put(s, new SymbolMeters(registry, s, forecasters, horizons, clock));
      }
    }
    this.symbols = Map.copyOf(bySymbol);
  }

  @Override
  public boolean timesSteps() {
    return true; // tickcast_tick_processing_seconds
  }

  @Override
  public void predicted(String symbol, long tickTime, StepResult result, ForecastState state, long nanos) {
    ticks.increment();
    predictionsBySource[result.source.ordinal()].increment();
    processing.record(nanos, TimeUnit.NANOSECONDS);
    advanceNewestTickTime(tickTime);
    online.update(state);
    horizonMeters.update(result);
    if (result.intervalScored) {
      intervalsScored.increment();
      if (result.intervalCovered) {
        intervalsCovered.increment();
      }
    }
    if (!symbols.isEmpty()) {
      SymbolMeters m = symbols.get(symbol);
      if (m != null) {
        m.update(result, state);
      }
    }
  }

  private void advanceNewestTickTime(long tickTime) {
    long seen = newestTickTime.get();
    while (tickTime > seen && !newestTickTime.compareAndSet(seen, tickTime)) {
      seen = newestTickTime.get();
    }
  }

  @Override
  public void deadLettered(RejectReason reason) {
    ticks.increment();
    deadLettersByReason[reason.ordinal()].increment();
  }

  @Override
  public void registryUnavailable() {
    registryUnavailable.increment();
  }

  @Override
  public void streamThreadFailed(String cause, boolean replaced) {
    // a handful of distinct causes at most: the tag set stays small
    Counter.builder("tickcast.stream.thread.failures").description("Stream threads that died, by cause and what followed")
        .tag("cause", cause).tag("action", replaced ? "replaced" : "shutdown").register(registry).increment();
  }

  @Override
  public void duplicateDropped() {
    ticks.increment();
    duplicates.increment();
  }

  @Override
  public void staleDropped() {
    ticks.increment();
    stale.increment();
  }

  @Override
  public void chunkClosed(String symbol, int ticks) {
    chunks.increment();
  }

  @Override
  public void rewarmed(String symbol) {
    rewarms.increment();
  }

  @Override
  public void fallback(String symbol, boolean engaged) {
    (engaged ? fallbacksEngaged : fallbacksReleased).increment();
  }

  @Override
  public void modelAccepted(ForecastModel model, long createdAtMillis) {
    releasesAccepted.increment();
    modelCreatedAt.set(createdAtMillis);
    modelVersion.set(model.version());
  }

  @Override
  public void modelRefused(String modelName, int version, String reason) {
    releasesRefused.increment();
  }

  private double eventLagSeconds() {
    long newest = newestTickTime.get();
    return newest == NO_TICK ? Double.NaN : (clock.getAsLong() - newest) / 1000.0;
  }

  private double modelAgeSeconds() {
    long created = modelCreatedAt.get();
    return created == NO_TICK ? Double.NaN : (clock.getAsLong() - created) / 1000.0;
  }
}

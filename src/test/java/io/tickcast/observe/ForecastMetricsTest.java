package io.tickcast.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickcast.features.FeatureSettings;
import io.tickcast.forecast.ForecastEngine;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.Horizons;
import io.tickcast.forecast.RejectReason;
import io.tickcast.forecast.StepResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ForecastMetricsTest {
  private static final long T0 = 1_767_225_600_000L;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong now = new AtomicLong(T0 + 60_000);
  private final ForecastMetrics metrics = new ForecastMetrics(registry, List.of("WATCHED"), Horizons.DEFAULT, now::get);
  private final ForecastEngine engine = new ForecastEngine(ForecastSettings.DEFAULTS);
  private final ForecastModel model = ForecastModel.defaultModel("m", FeatureSettings.DEFAULTS);
  private final Map<String, ForecastState> states = new HashMap<>();
  private final Map<String, Double> prices = new HashMap<>();
  private final StepResult result = new StepResult();

  /** Runs one real forecast step for the symbol and reports it, as the processor does. */
  private StepResult tick(String symbol, long time) {
    ForecastState state = states.computeIfAbsent(symbol, s -> engine.newState());
    double price = prices.merge(symbol, 100.0, (p, x) -> p * Math.exp(0.001 * Math.sin(time / 1000.0)));
    engine.step(state, symbol, time, price, Double.NaN, model, now.get(), result);
    assertThat(result.outcome).isEqualTo(StepResult.Outcome.ACCEPTED);
    metrics.predicted(symbol, time, result, state, 3_000);
    return result;
  }

  /**
   * One real step for the symbol's state, then the given horizons (in ticks) set here as the engine
   * would fill them, and reported: the i-th horizon scored when {@code scored[i]}, covered when
   * {@code covered[i]}, with skill {@code skill[i]}.
   */
  private StepResult tickWithHorizons(String symbol, long time, int[] horizons, boolean[] scored, boolean[] covered,
      double[] skill) {
    ForecastState state = states.computeIfAbsent(symbol, s -> engine.newState());
    engine.step(state, symbol, time, 100.0 + time % 7, Double.NaN, model, now.get(), result);
    for (int i = 0; i < horizons.length; i++) {
      StepResult.Horizon h = result.horizon(i);
      h.ticks = horizons[i];
      h.intervalScored = scored[i];
      h.intervalCovered = covered[i];
      h.skillVsNaive = skill[i];
    }
    result.horizonCount = horizons.length;
    metrics.predicted(symbol, time, result, state, 3_000);
    return result;
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  @Test
  void everyRecordCountsAsATickAndEachOutcomeHasItsOwnCounter() {
    tick("A", T0);
    tick("A", T0 + 1000);
    metrics.deadLettered(RejectReason.PRICE_NOT_POSITIVE);
    metrics.deadLettered(RejectReason.UNDECODABLE);
    metrics.duplicateDropped();
    metrics.staleDropped();

    assertThat(counter("tickcast.ticks")).isEqualTo(6);
    assertThat(counter("tickcast.predictions", "source", "warmup")).isEqualTo(2);
    assertThat(counter("tickcast.predictions", "source", "lstm")).isZero();
    assertThat(counter("tickcast.dead.letters", "reason", "price_not_positive")).isEqualTo(1);
    assertThat(counter("tickcast.dead.letters", "reason", "undecodable")).isEqualTo(1);
    assertThat(counter("tickcast.dead.letters", "reason", "key_mismatch")).isZero();
    assertThat(counter("tickcast.duplicates.dropped")).isEqualTo(1);
    assertThat(counter("tickcast.stale.dropped")).isEqualTo(1);
    assertThat(registry.get("tickcast.tick.processing").timer().count()).isEqualTo(2);
  }

  /** Realized coverage: every scored interval counts, aggregate and for a watched symbol, checked against the step's own verdicts. */
  @Test
  void realizedCoverageCountsEveryScoredIntervalAndThoseThatHeld() {
    int scored = 0;
    int covered = 0;
    for (int i = 0; i < 200; i++) {
      StepResult r = tick("WATCHED", T0 + i * 1000L);
      tick("OTHER", T0 + i * 1000L);
      scored += r.intervalScored ? 1 : 0;
      covered += r.intervalCovered ? 1 : 0;
    }
    assertThat(scored).isGreaterThan(150);
    assertThat(covered).isPositive().isLessThan(scored);
    assertThat(counter("tickcast.symbol.interval.scored", "symbol", "WATCHED")).isEqualTo(scored);
    assertThat(counter("tickcast.symbol.interval.covered", "symbol", "WATCHED")).isEqualTo(covered);
    assertThat(counter("tickcast.interval.scored")).isGreaterThan(scored).isLessThanOrEqualTo(2.0 * scored);
    assertThat(counter("tickcast.interval.covered")).isGreaterThanOrEqualTo(covered);
  }

  @Test
  void perSymbolSeriesExistOnlyForTheConfiguredSymbols() {
    for (int i = 0; i < 50; i++) {
      tick("WATCHED", T0 + i * 1000L);
      tick("OTHER-" + i, T0 + i * 1000L);
    }
    assertThat(registry.find("tickcast.symbol.price").gauges()).hasSize(1);
    assertThat(registry.find("tickcast.symbol.online.skill").gauges())
        .allSatisfy(g -> assertThat(g.getId().getTag("symbol")).isEqualTo("WATCHED"));
    assertThat(registry.getMeters()).noneSatisfy(m -> assertThat(m.getId().getTag("symbol")).startsWith("OTHER"));
    assertThat(counter("tickcast.symbol.predictions", "symbol", "WATCHED")).isEqualTo(50);
    ForecastState watched = states.get("WATCHED");
    assertThat(gauge("tickcast.symbol.price", "symbol", "WATCHED")).isEqualTo(watched.lastPrice());
    assertThat(gauge("tickcast.symbol.online.squared.return.error", "symbol", "WATCHED", "forecaster", "naive"))
        .isEqualTo(watched.errors(ForecastState.FIRST_BASELINE).squaredReturnError());
    assertThat(gauge("tickcast.symbol.online.skill", "symbol", "WATCHED", "forecaster", "lstm"))
        .isEqualTo(watched.skillVsNaive(ForecastState.LSTM_RAW));
  }

  @Test
  void lastPredictionOfTheWatchedSymbolIsExported() {
    StepResult r = null;
    for (int i = 0; i < 40; i++) {
      r = tick("WATCHED", T0 + i * 1000L);
    }
    assertThat(gauge("tickcast.symbol.predicted.price", "symbol", "WATCHED")).isEqualTo(r.predictedPrice);
    assertThat(gauge("tickcast.symbol.interval.low", "symbol", "WATCHED")).isEqualTo(r.intervalLow);
    assertThat(gauge("tickcast.symbol.interval.high", "symbol", "WATCHED")).isEqualTo(r.intervalHigh);
    assertThat(gauge("tickcast.symbol.fallback.active", "symbol", "WATCHED")).isZero();
  }

  @Test
  void aSymbolThatStoppedTickingHereStopsExportingItsLastValues() {
    tick("WATCHED", T0);
    assertThat(gauge("tickcast.symbol.price", "symbol", "WATCHED")).isEqualTo(100.0);
    now.addAndGet(SymbolMeters.STALE_AFTER_MILLIS + 1);
    assertThat(gauge("tickcast.symbol.price", "symbol", "WATCHED")).isNaN();
    assertThat(gauge("tickcast.symbol.online.skill", "symbol", "WATCHED", "forecaster", "naive")).isNaN();
  }

  @Test
  void aggregateOnlineFiguresFollowTheSymbolsFigures() {
    assertThat(gauge("tickcast.online.squared.return.error", "forecaster", "naive")).isNaN();
    for (int i = 0; i < 40; i++) {
      tick("A", T0 + i * 1000L);
    }
    // one symbol: the aggregate is a moving average of that symbol's own figure, which settles
    double own = states.get("A").errors(ForecastState.FIRST_BASELINE).squaredReturnError();
    double agg = gauge("tickcast.online.squared.return.error", "forecaster", "naive");
    assertThat(agg).isPositive().isCloseTo(own, within(own));
    assertThat(gauge("tickcast.online.skill", "forecaster", "naive")).isEqualTo(0.0);
    assertThat(registry.find("tickcast.online.skill").gauges()).hasSize(ForecastState.FIRST_BASELINE + 5);
  }

  @Test
  void eventLagIsWallClockMinusTheNewestTickTime() {
    assertThat(gauge("tickcast.event.lag")).isNaN();
    tick("A", T0 + 10_000);
    tick("B", T0 + 5_000); // older tick of another symbol: the newest stays
    now.set(T0 + 12_500);
    assertThat(gauge("tickcast.event.lag")).isEqualTo(2.5);
  }

  @Test
  void modelVersionAndAgeFollowAcceptedReleasesAndRefusalsAreCounted() {
    assertThat(gauge("tickcast.model.version")).isZero();
    assertThat(gauge("tickcast.model.age")).isNaN();
    ForecastModel v3 = new ForecastModel("m", 3, model.lstm(), model.features(), model.featureSettings());
    metrics.modelAccepted(v3, now.get() - 90_000);
    metrics.modelRefused("m", 4, "weights not finite");
    assertThat(gauge("tickcast.model.version")).isEqualTo(3);
    assertThat(gauge("tickcast.model.age")).isEqualTo(90.0);
    assertThat(counter("tickcast.model.releases", "outcome", "accepted")).isEqualTo(1);
    assertThat(counter("tickcast.model.releases", "outcome", "refused")).isEqualTo(1);
  }

  @Test
  void fallbackTransitionsAreCountedByDirection() {
    metrics.fallback("A", true);
    metrics.fallback("A", false);
    metrics.fallback("B", true);
    assertThat(counter("tickcast.fallbacks")).isEqualTo(2);
    assertThat(counter("tickcast.fallback.releases")).isEqualTo(1);
  }

  /** Coverage per horizon: each horizon's scored and covered intervals count in its own series, aggregate and per watched symbol. */
  @Test
  void realizedCoverageIsCountedPerHorizon() {
    int[] horizons = {1, 5, 20};
    for (int t = 0; t < 30; t++) {
      boolean[] scored = {true, t >= 5, t >= 20};
      boolean[] covered = {t % 2 == 0, t % 3 == 0, t % 5 == 0};
      double[] skill = {Double.NaN, Double.NaN, Double.NaN};
      tickWithHorizons("WATCHED", T0 + t * 1000L, horizons, scored, covered, skill);
      tickWithHorizons("OTHER", T0 + t * 1000L, horizons, scored, covered, skill);
    }
    // scored: 30, 25, 10 per symbol; covered among them: t even (15), t in 5..29 divisible by 3 (8), t in 20..29 divisible by 5 (2)
    assertThat(counter("tickcast.horizon.interval.scored", "horizon", "1")).isEqualTo(60);
    assertThat(counter("tickcast.horizon.interval.scored", "horizon", "5")).isEqualTo(50);
    assertThat(counter("tickcast.horizon.interval.scored", "horizon", "20")).isEqualTo(20);
    assertThat(counter("tickcast.horizon.interval.covered", "horizon", "1")).isEqualTo(30);
    assertThat(counter("tickcast.horizon.interval.covered", "horizon", "5")).isEqualTo(16);
    assertThat(counter("tickcast.horizon.interval.covered", "horizon", "20")).isEqualTo(4);
    assertThat(counter("tickcast.symbol.horizon.interval.scored", "symbol", "WATCHED", "horizon", "5")).isEqualTo(25);
    assertThat(counter("tickcast.symbol.horizon.interval.covered", "symbol", "WATCHED", "horizon", "5")).isEqualTo(8);
    assertThat(counter("tickcast.symbol.horizon.interval.covered", "symbol", "WATCHED", "horizon", "20")).isEqualTo(2);
  }

  @Test
  void skillIsPublishedPerHorizonOnceScored() {
    assertThat(gauge("tickcast.horizon.online.skill", "horizon", "20")).isNaN();
    boolean[] none = {false, false, false};
    tickWithHorizons("WATCHED", T0, new int[] {1, 5, 20}, none, none, new double[] {0.04, 0.02, Double.NaN});
    assertThat(gauge("tickcast.horizon.online.skill", "horizon", "1")).isEqualTo(0.04);
    assertThat(gauge("tickcast.horizon.online.skill", "horizon", "5")).isEqualTo(0.02);
    assertThat(gauge("tickcast.horizon.online.skill", "horizon", "20")).as("not scored yet").isNaN();
    assertThat(gauge("tickcast.symbol.horizon.online.skill", "symbol", "WATCHED", "horizon", "5")).isEqualTo(0.02);

    tickWithHorizons("WATCHED", T0 + 1000, new int[] {1, 5, 20}, none, none, new double[] {0.04, -0.5, 0.01});
    assertThat(gauge("tickcast.symbol.horizon.online.skill", "symbol", "WATCHED", "horizon", "5")).isEqualTo(-0.5);
    assertThat(gauge("tickcast.symbol.horizon.online.skill", "symbol", "WATCHED", "horizon", "20")).isEqualTo(0.01);
    // the aggregate moves toward the new figure, weighted as the other online figures
    assertThat(gauge("tickcast.horizon.online.skill", "horizon", "5")).isLessThan(0.02).isGreaterThan(-0.5);
  }

  /** One series per configured horizon (and watched symbol), whatever the steps carry; the existing horizon-1 meters stay as they were. */
  @Test
  void horizonSeriesAreBoundedByTheConfiguredHorizons() {
    boolean[] all = {true, true, true};
    tickWithHorizons("WATCHED", T0, new int[] {1, 5, 7}, all, all, new double[] {0.1, 0.1, 0.1});
    tickWithHorizons("OTHER", T0, new int[] {1, 5, 20}, all, all, new double[] {0.1, 0.1, 0.1});

    assertThat(registry.find("tickcast.horizon.interval.scored").counters())
        .extracting(c -> c.getId().getTag("horizon")).containsExactlyInAnyOrder("1", "5", "20");
    assertThat(registry.find("tickcast.horizon.online.skill").gauges()).hasSize(3);
    assertThat(registry.find("tickcast.symbol.horizon.online.skill").gauges()).hasSize(3)
        .allSatisfy(g -> assertThat(g.getId().getTag("symbol")).isEqualTo("WATCHED"));
    assertThat(counter("tickcast.horizon.interval.scored", "horizon", "20")).as("horizon 7 is not configured").isEqualTo(1);
    assertThat(counter("tickcast.symbol.horizon.interval.scored", "symbol", "WATCHED", "horizon", "20")).isZero();
    assertThat(registry.find("tickcast.interval.scored").counters()).hasSize(1)
        .allSatisfy(c -> assertThat(c.getId().getTags()).isEmpty());
  }

  /** The Prometheus names the dashboards and docs use, through the same naming as the served scrape. */
  @Test
  void horizonMetersAreExportedUnderTheirPrometheusNames() {
    var prometheus = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    PrometheusNameHygiene.apply(prometheus);
    new ForecastMetrics(prometheus, List.of("WATCHED"), Horizons.DEFAULT, now::get);
    assertThat(prometheus.scrape())
        .contains("tickcast_horizon_interval_scored_total{horizon=\"20\"} 0.0")
        .contains("tickcast_horizon_interval_covered_total{horizon=\"5\"} 0.0")
        .contains("tickcast_horizon_online_skill{horizon=\"1\"} NaN")
        .contains("tickcast_symbol_horizon_online_skill{horizon=\"5\",symbol=\"WATCHED\"} NaN")
        .contains("tickcast_symbol_horizon_interval_scored_total{horizon=\"20\",symbol=\"WATCHED\"} 0.0")
        .contains("tickcast_interval_scored_total 0.0");
  }
}

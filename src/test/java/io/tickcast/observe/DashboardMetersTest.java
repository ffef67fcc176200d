package io.tickcast.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickcast.forecast.Horizons;
import io.tickcast.stream.ForecastTopology;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every tickcast series a Grafana dashboard queries is one tickcast exports, under the name the
 * scrape gives it: checked without a broker against the meters registered up front. The few that
 * exist only with a running Kafka Streams client are listed here; {@code PrometheusScrapeIT}
 * evaluates every expression, those included, against a real Prometheus.
 */
class DashboardMetersTest {
  /** Meters registered only once a Kafka Streams client runs (StreamsStateMetrics, StateStoreMetrics). */
  private static final Set<String> NEED_RUNNING_STREAMS =
      Set.of("tickcast_streams_state", "tickcast_streams_rebalances_total", "tickcast_state_store_entries");

  private static String scrape() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PrometheusNameHygiene.apply(registry);
    new ForecastMetrics(registry, List.of("SYM-0"), Horizons.DEFAULT, () -> 0L);
    new TrainerMetrics(registry, () -> 0L).bindStatus(() -> new io.tickcast.train.TrainerStatus(
        io.tickcast.train.TrainerStatus.State.ACTIVE, null, null, java.time.Instant.EPOCH));
    new RestoreMetrics(registry, List.of(ForecastTopology.STATE_STORE));
    return registry.scrape();
  }

  @Test
  void everyTickcastSeriesQueriedByADashboardIsExported() throws Exception {
    Set<String> queried = new TreeSet<>();
    Matcher m = Pattern.compile("tickcast_\\w+").matcher("");
    for (String expr : DashboardExpressions.all(Path.of("grafana", "dashboards")).values()) {
      m.reset(expr);
      while (m.find()) {
        queried.add(m.group());
      }
    }
    assertThat(queried).as("the horizon panels are among those checked")
        .contains("tickcast_horizon_online_skill", "tickcast_horizon_interval_scored_total",
            "tickcast_symbol_horizon_online_skill", "tickcast_symbol_horizon_interval_covered_total");

    String scrape = scrape();
    Set<String> missing = new TreeSet<>();
    for (String name : queried) {
      boolean exported = Pattern.compile("(?m)^" + name + "[{ ]").matcher(scrape).find();
      if (!exported && !NEED_RUNNING_STREAMS.contains(name)) {
        missing.add(name);
      }
    }
    assertThat(missing).as("series queried by a dashboard that no meter exports").isEmpty();
  }
}

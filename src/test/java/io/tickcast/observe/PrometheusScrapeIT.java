package io.tickcast.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.TickcastConfig;
import io.tickcast.features.FeatureSettings;
import io.tickcast.feed.RawTick;
import io.tickcast.feed.SyntheticMarket;
import io.tickcast.feed.TickProducer;
import io.tickcast.testsupport.SharedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (the Debian package's binary) scrapes a running instance: the scrape passes
 * {@code promtool check metrics}, every meter is documented, and every PromQL expression of every
 * Grafana dashboard under {@code grafana/dashboards} returns data. Skipped when the binaries are missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusScrapeIT {
  static final List<String> SYMBOLS = List.of("SYM-0", "SYM-1", "SYM-2", "SYM-3");
  static final String WATCHED = "SYM-0,SYM-1";
  static final int TICKS = 300;
  /** Values of the Grafana variables when an expression is evaluated outside Grafana. */
  static final Map<String, String> VARIABLES = new LinkedHashMap<>();

  static {
    VARIABLES.put("$__rate_interval", "10s");
    VARIABLES.put("$__interval", "2s");
    VARIABLES.put("$__range", "1m");
    VARIABLES.put("${symbol}", "SYM-0");
    VARIABLES.put("$symbol", "SYM-0");
    VARIABLES.put("${instance}", ".*");
    VARIABLES.put("$instance", ".*");
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ObservedInstance app;
  private Thread trickle;
  private final AtomicBoolean stop = new AtomicBoolean();

  static boolean onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return false;
  }

  @BeforeAll
  void startInstanceWithTraffic() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(onPath("prometheus") && onPath("promtool"),
        "prometheus/promtool are not installed (Debian package prometheus; .ci/run installs it)");
    Map<String, Object> settings = ObservedInstance.settings("prom");
    settings.put(TickcastConfig.METRICS_SYMBOLS, WATCHED);
    settings.put(TickcastConfig.WARMUP_TICKS, 10);
    app = ObservedInstance.create(settings, true);
    app.awaitRunning();
    FeatureSettings features = app.config.forecastSettings().features();
    app.publishRelease(1, features);
    app.publishRelease(2, new FeatureSettings(features.halfLifeTicks() + 1, features.warmupTicks(), features.clip()));
    app.sendTicks(SYMBOLS, TICKS, 11);
    try (TickProducer producer = new TickProducer(KafkaClientFactory.of(app.service.config()), app.service.topics().ticks())) {
      producer.send(new RawTick("SYM-2", ObservedInstance.T0 + 10_000_000, -1.0, Double.NaN)); // dead letter
      producer.send(new RawTick("SYM-3", ObservedInstance.T0 + 1000, 100.0, Double.NaN)); // stale: dropped
      producer.flush();
    }
    // the trainer is its own process; its meters are exercised here as the trainer command will call them
    TrainerMetrics trainer = app.observability.trainerMetrics();
    trainer.runStarted();
    trainer.runFinished(Duration.ofSeconds(12), 0.91, 0.95, true);
    app.observability.attachTrainer(() -> new io.tickcast.train.TrainerStatus(io.tickcast.train.TrainerStatus.State.ACTIVE,
        null, null, java.time.Instant.now()));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (app.counterSum("tickcast.predictions") < SYMBOLS.size() * TICKS || app.counterSum("tickcast.model.releases") < 2) {
      assertThat(System.nanoTime()).as("predictions and releases seen in time").isLessThan(deadline);
      Thread.sleep(200);
    }
    // keep ticks flowing while Prometheus scrapes, so rates and the per-symbol panels move
    trickle = new Thread(this::trickle, "tick-trickle");
    trickle.setDaemon(true);
    trickle.start();
  }

  private void trickle() {
    List<SyntheticMarket> markets = new ArrayList<>();
    for (int s = 0; s < SYMBOLS.size(); s++) {
      markets.add(new SyntheticMarket(SYMBOLS.get(s), SyntheticMarket.Kind.MIXED, 0.001, 100.0,
          ObservedInstance.T0 + 3_600_000L, 1000, 100 + s));
    }
    try (TickProducer producer = new TickProducer(KafkaClientFactory.of(app.service.config()), app.service.topics().ticks())) {
      while (!stop.get()) {
        for (SyntheticMarket m : markets) {
          producer.send(m.next());
        }
        producer.flush();
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterAll
  void stopInstance() throws InterruptedException {
    stop.set(true);
    if (trickle != null) {
      trickle.join(10_000);
    }
    if (app != null) {
      app.close();
    }
  }

  private String scrape() throws Exception {
    HttpResponse<String> r = app.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  void promtoolAcceptsTheScrape(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("scrape.txt");
    Files.writeString(file, scrape());
    Files.copy(file, Path.of("target", "observe-scrape.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics said:\n%s", out).isZero();
  }

  @Test
  void everyTickcastMeterIsDocumented() throws Exception {
    String doc = Files.readString(Path.of("docs", "observability.md"));
    TreeSet<String> undocumented = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^# TYPE (tickcast_\\w+) (\\w+)").matcher(scrape());
    while (m.find()) {
      String family = m.group(1);
      String documented = switch (m.group(2)) {
        case "counter" -> family.endsWith("_total") ? family : family + "_total";
        default -> family;
      };
      if (!doc.contains("`" + documented) && !doc.contains("`" + family)) {
        undocumented.add(documented);
      }
    }
    assertThat(undocumented).as("meters missing from docs/observability.md").isEmpty();
  }

  @Test
  void everyDashboardExpressionReturnsDataFromARealPrometheus(@TempDir Path dir) throws Exception {
    Map<String, String> expressions = DashboardExpressions.all(Path.of("grafana", "dashboards"));
    assertThat(expressions).as("dashboard expressions").isNotEmpty();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: tickcast
            metrics_path: /metrics
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(app.observability.port()));
    Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    try {
      String api = "http://127.0.0.1:" + port;
      awaitTargetUp(api, prometheus, dir.resolve("prometheus.log"));
      Map<String, String> empty = new LinkedHashMap<>(expressions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!empty.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(2000);
        empty.entrySet().removeIf(e -> {
          try {
            return hasData(api, DashboardExpressions.substitute(e.getValue(), VARIABLES));
          } catch (Exception ex) {
            throw new AssertionError(ex);
          }
        });
      }
      assertThat(empty).as("dashboard expressions without data (panel -> expr)").isEmpty();
      for (String query : DashboardExpressions.variableQueries(Path.of("grafana", "dashboards"))) {
        assertThat(labelValues(api, query)).as("values of variable query %s", query).isNotEmpty();
      }
    } finally {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
  }

  private void awaitTargetUp(String api, Process prometheus, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(prometheus.isAlive()).as("prometheus is running; its log:\n%s", readQuietly(log)).isTrue();
      try {
        if (hasData(api, "up{job=\"tickcast\"} == 1")) {
          // a few more scrapes, so that rates over the dashboards' windows have two points
          Thread.sleep(4000);
          return;
        }
      } catch (IOException notYetListening) {
        // starting
      }
      Thread.sleep(500);
    }
    throw new AssertionError("prometheus did not scrape the instance in time; its log:\n" + readQuietly(log));
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private JsonNode apiGet(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = Json.MAPPER.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new AssertionError("prometheus answered " + r.statusCode() + " to " + url + ": " + r.body());
    }
    return body.path("data");
  }

  private boolean hasData(String api, String promql) throws IOException, InterruptedException {
    JsonNode data = apiGet(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&time=" + Instant.now().getEpochSecond());
    JsonNode result = data.path("result");
    return result.isArray() ? result.size() > 0 : !result.isMissingNode() && !result.isNull();
  }

  /** {@code label_values(metric, label)}: the label's values among the metric's series. */
  private List<String> labelValues(String api, String query) throws IOException, InterruptedException {
    Matcher m = Pattern.compile("label_values\\((?:(.+),\\s*)?(\\w+)\\)").matcher(query.trim());
    assertThat(m.matches()).as("variable query %s is label_values(metric, label)", query).isTrue();
    String url = api + "/api/v1/label/" + m.group(2) + "/values"
        + (m.group(1) == null ? "" : "?match[]=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8));
    List<String> values = new ArrayList<>();
    apiGet(url).forEach(v -> values.add(v.asText()));
    return values;
  }
}

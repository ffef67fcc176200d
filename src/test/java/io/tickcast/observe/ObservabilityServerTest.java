package io.tickcast.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP contract of the endpoints, over a stand-in for the streams application. */
class ObservabilityServerTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient http = HttpClient.newHttpClient();
  private final FakeStreams streams = new FakeStreams();
  private ObservabilityServer server;

  /** Answers by symbol: "KNOWN" found, "MOVING" unavailable, anything else unknown; records the forwarded flags. */
  static final class FakeStreams implements StreamsView {
    volatile KafkaStreams.State state = KafkaStreams.State.RUNNING;
    final List<Boolean> forwardedFlags = new ArrayList<>();
    final java.util.concurrent.CountDownLatch slowStarted = new java.util.concurrent.CountDownLatch(4);
    final java.util.concurrent.CountDownLatch releaseSlow = new java.util.concurrent.CountDownLatch(1);

    @Override
    public KafkaStreams.State state() {
      return state;
    }

    @Override
    public ForecastAnswer forecast(String symbol, boolean forwarded) {
      if (symbol.equals("SLOW")) {
        slowStarted.countDown();
        try {
          releaseSlow.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return ForecastAnswer.unavailable("slow");
      }
      if (symbol.equals("THROWS")) {
        throw new IllegalStateException("boom talking to 10.1.2.3:9092");
      }
      synchronized (this) {
        forwardedFlags.add(forwarded);
      }
      return switch (symbol) {
        case "KNOWN" -> ForecastAnswer.found(Json.bytes(Json.object().put("symbol", symbol)));
        case "MOVING" -> ForecastAnswer.unavailable("restoring");
        default -> ForecastAnswer.unknown(symbol);
      };
    }

    @Override
    public ObjectNode currentModel() {
      return Json.object().put("version", 7);
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = ObservabilityServer.start("127.0.0.1", 0, registry);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    // a bound, not a timing: a request that waits this long is stuck behind others
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(java.time.Duration.ofSeconds(20));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void metricsAreServedInThePrometheusTextFormat() throws Exception {
    Counter.builder("tickcast.example").register(registry).increment(3);
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(ObservabilityServer.PROMETHEUS_TEXT);
    assertThat(r.body()).contains("# TYPE tickcast_example_total counter").contains("tickcast_example_total 3.0");
  }

  @Test
  void beforeAStreamsApplicationIsAttachedItIsAliveButNotReady() throws Exception {
    assertThat(get("/health").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.headers().firstValue("Retry-After")).isPresent();
    HttpResponse<String> forecast = get("/forecast/KNOWN");
    assertThat(forecast.statusCode()).isEqualTo(503);
    assertThat(forecast.headers().firstValue("Retry-After")).isPresent();
    assertThat(get("/models/current").statusCode()).isEqualTo(503);
  }

  @Test
  void readyOnlyWhileRunningAndUnhealthyOnlyOnceFailed() throws Exception {
    server.attach(streams);
    assertThat(get("/ready").statusCode()).isEqualTo(200);
    streams.state = KafkaStreams.State.REBALANCING;
    assertThat(get("/ready").statusCode()).isEqualTo(503);
    assertThat(json(get("/ready")).get("streams").asText()).isEqualTo("REBALANCING");
    assertThat(get("/health").statusCode()).isEqualTo(200);
    streams.state = KafkaStreams.State.ERROR;
    assertThat(get("/health").statusCode()).isEqualTo(503);
  }

  @Test
  void forecastAnswersMapToFoundUnknownAndRetryLater() throws Exception {
    server.attach(streams);
    HttpResponse<String> found = get("/forecast/KNOWN");
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(found).get("symbol").asText()).isEqualTo("KNOWN");

    HttpResponse<String> unknown = get("/forecast/NEVER-SEEN");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Retry-After")).isEmpty();

    HttpResponse<String> moving = get("/forecast/MOVING");
    assertThat(moving.statusCode()).isEqualTo(503);
    assertThat(moving.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json(moving).get("reason").asText()).isEqualTo("restoring");
  }

  @Test
  void aForwardedRequestIsMarkedSoItIsNotForwardedAgain() throws Exception {
    server.attach(streams);
    get("/forecast/KNOWN");
    get("/forecast/KNOWN", ForecastQueries.FORWARDED_HEADER, "10.0.0.2:8080");
    assertThat(streams.forwardedFlags).containsExactly(false, true);
  }

  @Test
  void currentModelIsServedOnceAttached() throws Exception {
    server.attach(streams);
    HttpResponse<String> r = get("/models/current");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("version").asInt()).isEqualTo(7);
  }

  @Test
  void aSymbolLongerThanTheLimitIs400AndNotEchoed() throws Exception {
    server.attach(streams);
    String symbol = "S".repeat(65) + "LONGTAIL";
    HttpResponse<String> r = get("/forecast/" + symbol);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).doesNotContain("LONGTAIL").contains("forecast.max.symbol.length");
    assertThat(get("/forecast/" + "S".repeat(64)).statusCode()).as("at the limit").isEqualTo(404);
  }

  @Test
  void anErrorBodyCarriesNoExceptionTextOrAddress() throws Exception {
    server.attach(streams);
    HttpResponse<String> r = get("/forecast/THROWS");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).doesNotContain("boom").doesNotContain("10.1.2.3").doesNotContain("Exception");
  }

  @Test
  void slowForecastQueriesDoNotStarveHealthAndMetrics() throws Exception {
    server.attach(streams);
    int slow = 4 + ObservabilityServer.FORECAST_QUEUE;
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    try {
      for (int i = 0; i < slow + 5; i++) {
        pending.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/forecast/SLOW"))
            .build(), HttpResponse.BodyHandlers.ofString()));
      }
      assertThat(streams.slowStarted.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("the forecast pool is busy").isTrue();
      for (int i = 0; i < 10; i++) {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").statusCode()).isEqualTo(200);
      }
      // queries beyond the pool and its queue are turned away at once rather than piling up
      long turnedAway = 0;
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
      while (turnedAway == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
        for (var f : pending) {
          if (f.isDone() && f.get().statusCode() == 503 && f.get().body().contains("too many")) {
            turnedAway++;
          }
        }
      }
      assertThat(turnedAway).isPositive();
    } finally {
      streams.releaseSlow.countDown();
    }
    for (var f : pending) {
      assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    }
  }

  @Test
  void healthReportsTheTrainersStateAndKeepsTheErrorTextOut() throws Exception {
    java.time.Instant failedAt = java.time.Instant.parse("2026-12-02T10:00:00Z");
    server.attachTrainer(() -> new io.tickcast.train.TrainerStatus(io.tickcast.train.TrainerStatus.State.FAILING,
        "TimeoutException", failedAt, null));
    HttpResponse<String> r = get("/health");
    assertThat(r.statusCode()).as("a failing trainer backs off and re-joins by itself").isEqualTo(200);
    JsonNode trainer = json(r).get("trainer");
    assertThat(trainer.get("state").asText()).isEqualTo("FAILING");
    assertThat(trainer.get("last_error").asText()).isEqualTo("TimeoutException");
    assertThat(trainer.get("last_error_at").asText()).isEqualTo("2026-12-02T10:00:00Z");
    assertThat(trainer.get("last_success_at").isNull()).isTrue();
  }

  @Test
  void unknownPathsAndOtherMethodsAreRefused() throws Exception {
    server.attach(streams);
    assertThat(get("/metricsx").statusCode()).isEqualTo(404);
    assertThat(get("/nothing").statusCode()).isEqualTo(404);
    assertThat(get("/forecast/").statusCode()).isEqualTo(404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }
}

package io.tickcast.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickcast.train.TrainerStatus;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints, on the JDK's {@link HttpServer}:
 * <ul>
 *   <li>{@code GET /metrics}: every meter in the Prometheus text format (0.0.4).
 *   <li>{@code GET /health}: 200 while the process is alive and its streams client has not failed;
 *       503 once it is in ERROR. In a process with a scheduled trainer it also reports the trainer's
 *       state ({@code STARTING}, {@code ACTIVE}, {@code STANDBY}, {@code FAILING}, {@code STOPPED}), the
 *       kind and time of its latest error and the time of its latest successful run.
 *   <li>{@code GET /ready}: 200 when the streams client is RUNNING, else 503 with Retry-After.
 *   <li>{@code GET /forecast/{symbol}}: the symbol's latest prediction and online figures (JSON),
 *       answered by the instance that owns the symbol; 404 for an unknown symbol; 400 for a symbol
 *       longer than {@code forecast.max.symbol.length}; 503 with Retry-After while rebalancing or
 *       restoring, or while {@value #FORECAST_QUEUE} queries wait. Forecast queries run on a pool of
 *       their own, so slow forwarded queries never starve {@code /health} and {@code /metrics}.
 *   <li>{@code GET /models/current}: the model in use and its provenance (JSON).
 * </ul>
 * It serves {@code /metrics} and {@code /health} from the moment it starts; the streams
 * application is {@link #attach attached} later, so {@code application.server} can name the port
 * this server got before the streams application is created.
 */
public final class ObservabilityServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObservabilityServer.class);
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String JSON = "application/json";

  /** Forecast queries in progress or waiting at most; more are answered 503 at once. */
  static final int FORECAST_QUEUE = 64;

  private final HttpServer server;
  private final ExecutorService executor;
  private final ThreadPoolExecutor forecasts;
  private final PrometheusMeterRegistry registry;
  private final int maxSymbolLength;
  private volatile StreamsView view = StreamsView.DETACHED;
  private volatile Supplier<TrainerStatus> trainer;

  private ObservabilityServer(HttpServer server, ExecutorService executor, ThreadPoolExecutor forecasts,
      PrometheusMeterRegistry registry, int maxSymbolLength) {
    this.server = server;
    this.executor = executor;
    this.forecasts = forecasts;
    this.registry = registry;
    this.maxSymbolLength = maxSymbolLength;
  }

  /** Binds {@code host:port} (0 = any free port) and starts serving; symbols up to the default length of 64. */
  public static ObservabilityServer start(String host, int port, PrometheusMeterRegistry registry) throws IOException {
    return start(host, port, registry, 64);
  }

  /**
   * Binds {@code host:port} (0 = any free port) and starts serving.
   *
   * @param maxSymbolLength {@code forecast.max.symbol.length}: a longer {@code /forecast/{symbol}} is answered 400
   */
  public static ObservabilityServer start(String host, int port, PrometheusMeterRegistry registry, int maxSymbolLength)
      throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
    // /metrics, /health, /ready and /models/current answer from memory on these threads; forecast
    // queries, which may wait for another instance, run on a pool of their own with a bounded queue,
    // so that slow or many forwarded queries never starve the health checks and the scrape
    ExecutorService executor = Executors.newFixedThreadPool(2, daemon("tickcast-http-"));
    ThreadPoolExecutor forecasts = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(FORECAST_QUEUE), daemon("tickcast-http-forecast-"));
    ObservabilityServer s = new ObservabilityServer(http, executor, forecasts, registry, maxSymbolLength);
    http.createContext("/metrics", s.exact("/metrics", s::metrics));
    http.createContext("/health", s.exact("/health", s::health));
    http.createContext("/ready", s.exact("/ready", s::ready));
    http.createContext("/models/current", s.exact("/models/current", s::currentModel));
    http.createContext("/forecast/", s::forecastAsync);
    http.setExecutor(executor);
    http.start();
    LOG.info("HTTP endpoints on {}:{}", host, s.port());
    return s;
  }

  /** Connects the endpoints that need the streams application. */
  void attach(StreamsView streams) {
    this.view = streams;
  }

  /** Adds the scheduled trainer's status to {@code /health}. */
  void attachTrainer(Supplier<TrainerStatus> status) {
    this.trainer = status;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void metrics(HttpExchange ex) throws IOException {
    send(ex, 200, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8));
  }

  private void health(HttpExchange ex) throws IOException {
    KafkaStreams.State s = view.state();
    boolean failed = s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR;
    ObjectNode body = Json.object().put("status", failed ? "DOWN" : "UP").put("streams", s.name());
    Supplier<TrainerStatus> t = trainer;
    if (t != null) {
      // a failing trainer backs off and joins again by itself: it is reported, not a reason to restart the process
      TrainerStatus st = t.get();
      ObjectNode n = body.putObject("trainer").put("state", st.state().name());
      n.put("last_error", st.lastError());
      n.put("last_error_at", st.lastErrorAt() == null ? null : st.lastErrorAt().toString());
      n.put("last_success_at", st.lastSuccessAt() == null ? null : st.lastSuccessAt().toString());
    }
    sendJson(ex, failed ? 503 : 200, body, false);
  }

  private void ready(HttpExchange ex) throws IOException {
    KafkaStreams.State s = view.state();
    boolean ready = s == KafkaStreams.State.RUNNING;
    sendJson(ex, ready ? 200 : 503, Json.object().put("ready", ready).put("streams", s.name()), !ready);
  }

  private void currentModel(HttpExchange ex) throws IOException {
    var model = view.currentModel();
    if (model == null) {
      sendJson(ex, 503, Json.object().put("error", "the streams application is not started"), true);
    } else {
      sendJson(ex, 200, model, false);
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Hands a forecast query to its own pool; when that is full, answers 503 at once. */
  private void forecastAsync(HttpExchange ex) {
    HttpHandler handler = guarded(this::forecast);
    try {
      forecasts.execute(() -> {
        try {
          handler.handle(ex);
        } catch (IOException e) {
          LOG.debug("forecast reply failed: {}", e.toString());
        }
      });
    } catch (RejectedExecutionException e) {
      try {
        ex.getResponseHeaders().set("Retry-After", Integer.toString(ForecastAnswer.RETRY_AFTER_SECONDS));
        send(ex, 503, JSON, Json.bytes(Json.object().put("error", "too many forecast queries in progress, retry")));
      } catch (IOException | RuntimeException ignored) {
        // the client went away
      } finally {
        ex.close();
      }
    }
  }

  private void forecast(HttpExchange ex) throws IOException {
    String symbol = ex.getRequestURI().getPath().substring("/forecast/".length());
    if (symbol.isEmpty()) {
      send(ex, 404, JSON, Json.bytes(Json.object().put("error", "no symbol: GET /forecast/{symbol}")));
      return;
    }
    if (symbol.length() > maxSymbolLength) {
      // not echoed: the body names the limit, not what was sent
      send(ex, 400, JSON, Json.bytes(Json.object().put("error", "symbol longer than " + maxSymbolLength
          + " characters (forecast.max.symbol.length)")));
      return;
    }
    boolean forwarded = ex.getRequestHeaders().containsKey(ForecastQueries.FORWARDED_HEADER);
    ForecastAnswer a = view.forecast(symbol, forwarded);
    if (a.status() == 503) {
      ex.getResponseHeaders().set("Retry-After", Integer.toString(ForecastAnswer.RETRY_AFTER_SECONDS));
    }
    send(ex, a.status(), JSON, a.json());
  }

  private interface Endpoint {
    void handle(HttpExchange ex) throws IOException;
  }

  /** Contexts match by prefix: only the exact path is this endpoint. */
  private HttpHandler exact(String path, Endpoint endpoint) {
    return guarded(ex -> {
      if (!ex.getRequestURI().getPath().equals(path)) {
        send(ex, 404, JSON, Json.bytes(Json.object().put("error", "not found")));
      } else {
        endpoint.handle(ex);
      }
    });
  }

  private HttpHandler guarded(Endpoint endpoint) {
    return ex -> {
      try {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
          ex.getResponseHeaders().set("Allow", "GET, HEAD");
          send(ex, 405, JSON, Json.bytes(Json.object().put("error", "method not allowed")));
          return;
        }
        endpoint.handle(ex);
      } catch (IOException | RuntimeException e) {
        LOG.warn("{} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e.toString());
        try {
          // the exception stays in the log: an error body carries no exception text or internal address
          send(ex, 500, JSON, Json.bytes(Json.object().put("error", "internal error")));
        } catch (IOException | RuntimeException ignored) {
          // the response was already under way; the client sees a broken reply
        }
      } finally {
        ex.close();
      }
    };
  }

  private static void sendJson(HttpExchange ex, int status, Object body, boolean retryLater) throws IOException {
    if (retryLater) {
      ex.getResponseHeaders().set("Retry-After", Integer.toString(ForecastAnswer.RETRY_AFTER_SECONDS));
    }
    send(ex, status, JSON, Json.bytes(body));
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    forecasts.shutdownNow();
  }
}

package io.tickcast.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints, on the JDK's {@link HttpServer}:
 * <ul>
 *   <li>{@code GET /metrics}: every meter in the Prometheus text format (0.0.4).
 *   <li>{@code GET /health}: 200 while the process is alive and its streams client has not failed;
 *       503 once it is in ERROR.
 *   <li>{@code GET /ready}: 200 when the streams client is RUNNING, else 503 with Retry-After.
 *   <li>{@code GET /forecast/{symbol}}: the symbol's latest prediction and online figures (JSON),
 *       answered by the instance that owns the symbol; 404 for an unknown symbol; 503 with
 *       Retry-After while rebalancing or restoring.
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

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusMeterRegistry registry;
  private volatile StreamsView view = StreamsView.DETACHED;

  private ObservabilityServer(HttpServer server, ExecutorService executor, PrometheusMeterRegistry registry) {
    this.server = server;
    this.executor = executor;
    this.registry = registry;
  }

  /** Binds {@code host:port} (0 = any free port) and starts serving. */
  public static ObservabilityServer start(String host, int port, PrometheusMeterRegistry registry) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
    AtomicInteger n = new AtomicInteger();
    // a few threads: a forwarded /forecast blocks one while the owner answers
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "tickcast-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ObservabilityServer s = new ObservabilityServer(http, executor, registry);
    http.createContext("/metrics", s.exact("/metrics", s::metrics));
    http.createContext("/health", s.exact("/health", s::health));
    http.createContext("/ready", s.exact("/ready", s::ready));
    http.createContext("/models/current", s.exact("/models/current", s::currentModel));
    http.createContext("/forecast/", s.guarded(s::forecast));
    http.setExecutor(executor);
    http.start();
    LOG.info("HTTP endpoints on {}:{}", host, s.port());
    return s;
  }

  /** Connects the endpoints that need the streams application. */
  void attach(StreamsView streams) {
    this.view = streams;
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
    sendJson(ex, failed ? 503 : 200, Json.object().put("status", failed ? "DOWN" : "UP").put("streams", s.name()), false);
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

  private void forecast(HttpExchange ex) throws IOException {
    String symbol = ex.getRequestURI().getPath().substring("/forecast/".length());
    if (symbol.isEmpty()) {
      send(ex, 404, JSON, Json.bytes(Json.object().put("error", "no symbol: GET /forecast/{symbol}")));
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
        LOG.warn("{} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
        try {
          send(ex, 500, JSON, Json.bytes(Json.object().put("error", e.toString())));
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
  }
}

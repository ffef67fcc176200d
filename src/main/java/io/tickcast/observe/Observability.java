package io.tickcast.observe;

import io.tickcast.stream.ForecastService;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickcast.config.TickcastConfig;
import io.tickcast.stream.ForecastApp;
import io.tickcast.stream.ForecastListener;
import io.tickcast.stream.ForecastTopology;
import io.tickcast.stream.ModelHolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import io.tickcast.train.TrainerStatus;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metrics and HTTP endpoints of one tickcast process, wired from its settings.
 *
 * <p>Lifecycle, in this order:
 * <pre>{@code
 * try (Observability obs = Observability.create(config)) {         // meters, JVM binders, HTTP server bound
 *   ForecastService service = ForecastService.create(config, obs.listener(), obs.applicationServer());
 *   obs.attach(service.app());                                       // before the streams start
 *   service.start();
 *   ...
 * }
 * }</pre>
 * {@link #attach} installs the Kafka Streams state listener and global restore listener, which Kafka
 * Streams accepts only before it starts and only one of each: observe state changes through
 * {@link #onStreamsStateChange} rather than {@code KafkaStreams.setStateListener}, which would
 * replace the one installed here. A trainer process uses {@link #create} and {@link #trainerMetrics()}
 * without attaching a streams application.
 */
public final class Observability implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Observability.class);
  /** How often the Kafka binder looks for client metrics that appeared since (task-level metrics come with assignments). */
  static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

  private final TickcastConfig config;
  private final PrometheusMeterRegistry registry;
  private final ForecastMetrics forecastMetrics;
  private final ObservabilityServer server;
  private final String advertisedHost;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<KafkaStreams.StateListener> pendingStateListeners = new ArrayList<>();
  private TrainerMetrics trainerMetrics;
  private StreamsStateMetrics streamsState;

  private Observability(TickcastConfig config, PrometheusMeterRegistry registry, ObservabilityServer server) {
    this.config = config;
    this.registry = registry;
    this.server = server;
    this.forecastMetrics = new ForecastMetrics(registry, config.metricsSymbols(), config.horizons(),
        System::currentTimeMillis);
    this.advertisedHost = advertisedHost(config);
  }

  /**
   * Creates the registry with the JVM binders and the stream's meters, and starts the HTTP server on
   * {@code http.host}:{@code http.port} unless the port is -1.
   */
  public static Observability create(TickcastConfig config) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PrometheusNameHygiene.apply(registry);
    AutoCloseable jvm = JvmBinders.bind(registry);
    int port = config.getInt(TickcastConfig.HTTP_PORT);
    ObservabilityServer server = null;
    if (port >= 0) {
      try {
        server = ObservabilityServer.start(config.getString(TickcastConfig.HTTP_HOST), port, registry,
            config.getInt(TickcastConfig.MAX_SYMBOL_LENGTH));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot serve HTTP on " + config.getString(TickcastConfig.HTTP_HOST) + ":" + port
            + " (settings " + TickcastConfig.HTTP_HOST + ", " + TickcastConfig.HTTP_PORT + "): " + e.getMessage(), e);
      }
    }
    Observability o = new Observability(config, registry, server);
    o.closeables.add(jvm);
    return o;
  }

  /** The listener to pass to the streams application. */
  public ForecastListener listener() {
    return forecastMetrics;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The trainer's meters, registered on first use (a process that does not train has none). */
  public synchronized TrainerMetrics trainerMetrics() {
    if (trainerMetrics == null) {
      trainerMetrics = new TrainerMetrics(registry, System::currentTimeMillis);
    }
    return trainerMetrics;
  }

  /** Reports a scheduled trainer's status on {@code /health} and in {@code tickcast_trainer_failing}. */
  public void attachTrainer(Supplier<TrainerStatus> status) {
    trainerMetrics().bindStatus(status);
    if (server != null) {
      server.attachTrainer(status);
    }
  }

  /** Port of the HTTP server, -1 when it is disabled. */
  public int port() {
    return server == null ? -1 : server.port();
  }

  /**
   * The {@code application.server} of this instance, {@code advertised-host:port}, through which the
   * other instances forward queries for the symbols it owns; null when HTTP is disabled.
   */
  public String applicationServer() {
    return server == null ? null : advertisedHost + ":" + server.port();
  }

  /**
   * Binds the streams application's meters (Kafka Streams and client metrics, state, restore, store
   * entries) and connects the endpoints that query it. Call before the streams application starts.
   */
  public synchronized void attach(ForecastApp app) {
    if (streamsState != null) {
      throw new IllegalStateException("a streams application is already attached");
    }
    KafkaStreams streams = app.streams();
    streamsState = new StreamsStateMetrics(registry, streams);
    pendingStateListeners.forEach(streamsState::add);
    streams.setStateListener(streamsState);
    streams.setGlobalStateRestoreListener(new RestoreMetrics(registry,
        List.of(ForecastTopology.STATE_STORE, ForecastTopology.MODELS_STORE)));
    StateStoreMetrics.bind(registry, streams);
    ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tickcast-kafka-metrics");
      t.setDaemon(true);
      return t;
    });
    KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams, Tags.empty(), refresh, KAFKA_METRICS_REFRESH);
    kafka.bindTo(registry);
    closeables.add(kafka);
    closeables.add(refresh::shutdownNow);
    if (server != null) {
      HostInfo self = new HostInfo(advertisedHost, server.port());
      ModelHolder models = app.models();
      ForecastQueries queries = new ForecastQueries(streams, self, config.forecastSettings(), () -> models.current().name());
      server.attach(new StreamsView() {
        @Override
        public KafkaStreams.State state() {
          return streams.state();
        }

        @Override
        public ForecastAnswer forecast(String symbol, boolean forwarded) {
          return queries.forecast(symbol, forwarded);
        }

        @Override
        public ObjectNode currentModel() {
          ModelHolder.Serving serving = models.serving();
          return ModelJson.of(serving.model(), serving.release());
        }
      });
    }
  }

  /** Adds a listener of the streams client's state changes; works before and after {@link #attach}. */
  public synchronized void onStreamsStateChange(KafkaStreams.StateListener listener) {
    if (streamsState != null) {
      streamsState.add(listener);
    } else {
      pendingStateListeners.add(listener);
    }
  }

  /** {@code http.advertised.host}, else {@code http.host} unless that is a wildcard, else this machine's name. */
  static String advertisedHost(TickcastConfig config) {
    String advertised = config.getString(TickcastConfig.HTTP_ADVERTISED_HOST);
    if (!advertised.isBlank()) {
      return advertised;
    }
    String host = config.getString(TickcastConfig.HTTP_HOST);
    if (!host.isBlank() && !host.equals("0.0.0.0") && !host.equals("::")) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** Stops the HTTP server and the binders; the registry keeps its last values. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
    }
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.debug("closing {}: {}", c, e.toString());
      }
    }
    closeables.clear();
  }
}

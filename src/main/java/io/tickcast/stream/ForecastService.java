package io.tickcast.stream;

import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.Registries;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.TopicSetup;
import io.tickcast.config.Topics;
import io.tickcast.registry.SchemaRegistryClient;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The streams side of a tickcast instance, wired from its settings: registry client, subjects
 * prepared, topics checked or created, the Kafka Streams application started.
 */
public final class ForecastService implements AutoCloseable {
  private final TickcastConfig config;
  private final SchemaRegistryClient registry;
  private final Topics topics;
  private final ForecastApp app;

  private ForecastService(TickcastConfig config, SchemaRegistryClient registry, Topics topics, ForecastApp app) {
    this.config = config;
    this.registry = registry;
    this.topics = topics;
    this.app = app;
  }

  /** Prepares registry and topics and creates the streams application; {@link #start()} starts it. */
  public static ForecastService create(TickcastConfig config, ForecastListener listener, String applicationServer) {
    SchemaRegistryClient registry = Registries.client(config);
    Topics topics = prepare(config, registry);
    ForecastApp app = new ForecastApp(config, topics, listener, applicationServer);
    return new ForecastService(config, registry, topics, app);
  }

  /**
   * Sets BACKWARD compatibility and registers the schemas of tickcast's subjects, and checks or
   * creates its topics; returns the typed topics. Fails, naming the topic or the registry URL, when
   * something is wrong.
   */
  public static Topics prepare(TickcastConfig config, SchemaRegistryClient registry) {
    Topics topics = Topics.create(config, registry);
    Registries.prepareSubjects(registry, topics);
    try (Admin admin = admin(config)) {
      TopicSetup.ensure(admin, TopicSetup.specs(config), config.getBoolean(TickcastConfig.TOPICS_CREATE));
    }
    return topics;
  }

  /** {@link #prepare(TickcastConfig, SchemaRegistryClient)} with a registry client of the settings, kept open for the topics' serdes. */
  public static Topics prepare(TickcastConfig config) {
    return prepare(config, Registries.client(config));
  }

  public void start() {
    app.start();
  }

  public static Admin admin(TickcastConfig config) {
    return KafkaClientFactory.of(config).admin();
  }

  /** Waits until the streams application is RUNNING; false on timeout or if it failed. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      KafkaStreams.State s = app.streams().state();
      if (s == KafkaStreams.State.RUNNING) {
        return true;
      }
      if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING) {
        return false;
      }
      Thread.sleep(50);
    }
    return false;
  }

  public TickcastConfig config() {
    return config;
  }

  public SchemaRegistryClient registry() {
    return registry;
  }

  public Topics topics() {
    return topics;
  }

  public ForecastApp app() {
    return app;
  }

  @Override
  public void close() {
    app.close();
  }
}

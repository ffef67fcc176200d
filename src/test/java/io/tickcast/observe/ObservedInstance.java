package io.tickcast.observe;

import io.tickcast.config.KafkaClientFactory;
import io.tickcast.stream.ForecastService;
import io.tickcast.config.TickcastConfig;
import io.tickcast.features.FeatureSpec;
import io.tickcast.feed.RawTick;
import io.tickcast.feed.SyntheticMarket;
import io.tickcast.feed.TickProducer;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.model.ModelReleases;
import io.tickcast.schema.ModelRelease;
import io.tickcast.testsupport.IsolatedSettings;
import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.SharedRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One tickcast instance as the run command wires it (observability, then the service with its
 * listener and application.server, attach, start), on the shared broker and registry.
 */
final class ObservedInstance implements AutoCloseable {
  static final long T0 = 1_767_225_600_000L;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final TickcastConfig config;
  final Observability observability;
  final ForecastService service;

  private ObservedInstance(TickcastConfig config, Observability observability, ForecastService service) {
    this.config = config;
    this.observability = observability;
    this.service = service;
  }

  /** Settings of a test application: unique topics and application id, any free HTTP port. */
  static Map<String, Object> settings(String name) {
    Map<String, Object> s = new HashMap<>(
        IsolatedSettings.forRun(SharedKafka.unique(name), SharedKafka.bootstrapServers(), SharedRegistry.url()));
    s.put(TickcastConfig.HTTP_HOST, "127.0.0.1");
    s.put(TickcastConfig.HTTP_PORT, 0);
    return s;
  }

  /** Creates the instance with its own state directory; starts its streams when {@code start}. */
  static ObservedInstance create(Map<String, Object> settings, boolean start) throws IOException {
    Map<String, Object> own = new HashMap<>(settings);
    own.put(TickcastConfig.STATE_DIR, Files.createTempDirectory("tickcast-observe-").toString());
    TickcastConfig config = TickcastConfig.of(own);
    Observability obs = Observability.create(config);
    ForecastService service = ForecastService.create(config, obs.listener(), obs.applicationServer());
    obs.attach(service.app());
    if (start) {
      service.start();
    }
    return new ObservedInstance(config, obs, service);
  }

  void awaitRunning() throws InterruptedException {
    if (!service.awaitRunning(Duration.ofSeconds(90))) {
      throw new AssertionError("streams did not reach RUNNING: " + service.app().streams().state());
    }
  }

  KafkaStreams streams() {
    return service.app().streams();
  }

  String url(String path) {
    return "http://127.0.0.1:" + observability.port() + path;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code perSymbol} synthetic ticks for each symbol (1 s apart from {@link #T0}) and waits for them. */
  void sendTicks(List<String> symbols, int perSymbol, long seed) {
    try (TickProducer producer = new TickProducer(KafkaClientFactory.of(config), service.topics().ticks())) {
      for (int s = 0; s < symbols.size(); s++) {
        for (RawTick t : SyntheticMarket.series(symbols.get(s), SyntheticMarket.Kind.MIXED, perSymbol, seed + s)) {
          producer.send(t);
        }
      }
      producer.flush();
    }
  }

  /** Publishes a release of the built-in model's weights under {@code version}, with the given feature settings. */
  void publishRelease(int version, io.tickcast.features.FeatureSettings featureSettings) throws Exception {
    String name = config.getString(TickcastConfig.MODEL_NAME);
    ForecastModel base = ForecastModel.defaultModel(name, featureSettings);
    ModelRelease release = ModelReleases.builder(name, version, base.lstm(), FeatureSpec.DEFAULT, featureSettings,
        System.currentTimeMillis() - 60_000).build();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    var topic = service.topics().models();
    try (KafkaProducer<String, ModelRelease> producer = new KafkaProducer<>(p, topic.keySerde().serializer(),
        topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), name, release)).get(30, TimeUnit.SECONDS);
    }
  }

  double counterSum(String name) {
    return observability.registry().find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Override
  public void close() {
    service.close();
    observability.close();
  }
}

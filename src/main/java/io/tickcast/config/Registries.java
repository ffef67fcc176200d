package io.tickcast.config;

import io.tickcast.registry.RegistryConfig;
import io.tickcast.registry.SchemaRegistryClient;
import io.tickcast.registry.Subjects;
import io.tickcast.schema.HistoryChunk;
import io.tickcast.schema.ModelRelease;
import io.tickcast.schema.Prediction;
import io.tickcast.schema.Tick;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/** The registry client of the settings, and tickcast's subjects prepared on it at start. */
public final class Registries {
  /** Compatibility level tickcast sets on its own subjects: new readers must read old data. */
  public static final String COMPATIBILITY = "BACKWARD";

  private Registries() {}

  public static SchemaRegistryClient client(TickcastConfig config) {
    RegistryConfig.Builder b = RegistryConfig.builder(config.getString(TickcastConfig.REGISTRY_URL));
    b.maxRetryTime(java.time.Duration.ofMillis(config.getLong(TickcastConfig.REGISTRY_MAX_RETRY_MS)));
    String auth = config.registryBasicAuth();
    if (!auth.isEmpty()) {
      int colon = auth.indexOf(':');
      if (colon < 0) {
        throw new ConfigException(TickcastConfig.REGISTRY_BASIC_AUTH, "(hidden)", "must be user:password");
      }
      b.basicAuth(auth.substring(0, colon), auth.substring(colon + 1));
    }
    String trust = config.getString(TickcastConfig.REGISTRY_TRUSTSTORE);
    if (!trust.isEmpty()) {
      b.trustStore(Path.of(trust), config.registryTruststorePassword(), "PKCS12");
    }
    return new SchemaRegistryClient(b.build());
  }

  /**
   * Sets {@value #COMPATIBILITY} on the value subjects of tickcast's Avro topics and registers the
   * current schemas, so an incompatible schema or an unreachable registry fails the start rather
   * than the first record.
   */
  public static void prepareSubjects(SchemaRegistryClient registry, Topics topics) {
    prepare(registry, topics.ticks().name(), Tick.getClassSchema());
    prepare(registry, topics.predictions().name(), Prediction.getClassSchema());
    prepare(registry, topics.history().name(), HistoryChunk.getClassSchema());
    prepare(registry, topics.models().name(), ModelRelease.getClassSchema());
  }

  private static void prepare(SchemaRegistryClient registry, String topic, Schema schema) {
    String subject = Subjects.value(topic);
    registry.setCompatibility(subject, COMPATIBILITY);
    registry.register(subject, schema);
  }
}

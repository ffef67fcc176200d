package io.tickcast.embedded;

import io.tickcast.registry.EmbeddedRegistryServer;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * An embedded Kafka broker and schema registry side by side, for the demo and the pipeline
 * benchmark: everything on 127.0.0.1, nothing needed beyond this build.
 *
 * <p>Lifecycle: {@link #start} starts the broker, then the registry; {@link #close} stops them in
 * reverse order.
 */
public final class EmbeddedStack implements AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final EmbeddedRegistryServer registry;

  private EmbeddedStack(EmbeddedKafkaBroker broker, EmbeddedRegistryServer registry) {
    this.broker = broker;
    this.registry = registry;
  }

  /**
   * @param dataDir broker data in {@code dataDir/kafka-logs}; with {@code persistentRegistry}, the
   *     registry's H2 file in {@code dataDir/registry}, so schema ids survive a restart as the
   *     broker's data does
   * @param progress told of each step, for a console
   */
  public static EmbeddedStack start(Path dataDir, int kafkaPort, int registryPort, boolean persistentRegistry,
      Consumer<String> progress) throws Exception {
    progress.accept("starting Kafka (KRaft, single node) ...");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, kafkaPort, 0);
    progress.accept("Kafka ready on " + broker.bootstrapServers());
    try {
      progress.accept("starting the schema registry (Apicurio, Confluent API) ...");
      EmbeddedRegistryServer.Options options = EmbeddedRegistryServer.Options.defaults().withHttpPort(registryPort)
          .withLogFile(dataDir.resolve("registry.log"));
      if (persistentRegistry) {
        options = options.withDataDir(dataDir.resolve("registry"));
      }
      EmbeddedRegistryServer registry = EmbeddedRegistryServer.start(options);
      progress.accept("schema registry ready on " + registry.url());
      return new EmbeddedStack(broker, registry);
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public String registryUrl() {
    return registry.url();
  }

  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      broker.close();
    }
  }
}

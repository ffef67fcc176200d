package io.tickcast.testsupport;

import io.tickcast.registry.EmbeddedRegistryServer;
import io.tickcast.registry.RegistryConfig;
import io.tickcast.registry.SchemaRegistryClient;

/**
 * One real schema registry per test JVM, shared by every integration test that needs one.
 *
 * <p>Started lazily by the first call to {@link #url()} (about 4 s), with in-memory storage and
 * global compatibility BACKWARD, and stopped when the JVM exits (by the server's shutdown hook).
 * Tests share its state: use subjects and topics with a unique suffix, and do not change the
 * global compatibility level.
 */
public final class SharedRegistry {

  private static EmbeddedRegistryServer server;
  private static SchemaRegistryClient client;

  private SharedRegistry() {}

  /** Base URL of the Confluent API of the shared server, starting it if needed. */
  public static synchronized String url() {
    return server().url();
  }

  /** The shared server, started if needed. Do not close it. */
  public static synchronized EmbeddedRegistryServer server() {
    if (server == null) {
      server = EmbeddedRegistryServer.start(EmbeddedRegistryServer.Options.defaults());
    }
    return server;
  }

  /**
   * A client of the shared server, shared too (its caches are then warm across tests). Do not
   * close it. Tests of caching itself should create their own client.
   */
  public static synchronized SchemaRegistryClient client() {
    if (client == null) {
      client = new SchemaRegistryClient(RegistryConfig.of(url()));
    }
    return client;
  }
}

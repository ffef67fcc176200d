package io.tickcast.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tickcast.registry.EmbeddedRegistryServer.Options;
import io.tickcast.schema.ModelRelease;
import io.tickcast.schema.Tick;
import io.tickcast.testsupport.SharedRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, stopping and restarting the real registry server. */
class EmbeddedRegistryServerIT {

  @Test
  void fileBackedStorageKeepsSubjectsIdsAndLevelsAcrossARestart(@TempDir Path dataDir) {
    int tickId;
    int releaseId;
    long firstPid;
    try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(Options.defaults().withDataDir(dataDir));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(server.url()))) {
      tickId = client.register("ticks-value", Tick.getClassSchema());
      releaseId = client.register("models-value", ModelRelease.getClassSchema());
      client.setCompatibility("ticks-value", "FULL");
      firstPid = server.pid();
    }
    assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));

    try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(
            Options.defaults().withDataDir(dataDir).withCompatibility(null));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(server.url()))) {
      assertThat(client.getById(tickId)).isEqualTo(Tick.getClassSchema());
      assertThat(client.getById(releaseId)).isEqualTo(ModelRelease.getClassSchema());
      assertThat(client.register("ticks-value", Tick.getClassSchema())).isEqualTo(tickId);
      assertThat(client.latest("models-value").id()).isEqualTo(releaseId);
      assertThat(client.getCompatibility("ticks-value")).isEqualTo("FULL");
      // Set by the first start and kept, although this start was told to leave the level alone.
      assertThat(client.getGlobalCompatibility()).isEqualTo("BACKWARD");
    }
  }

  @Test
  void inMemoryStorageStartsEmptyWithApicuriosDefaultLevelWhenNotSet() {
    try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(Options.defaults().withCompatibility(null));
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(server.url()))) {
      assertThat(client.getGlobalCompatibility()).isEqualTo("NONE");
      assertThatThrownBy(() -> client.getById(1))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.errorCode()).isEqualTo(RegistryException.SCHEMA_NOT_FOUND));
    }
  }

  @Test
  void serverListensOnlyOnItsHttpPortOnLoopback() throws Exception {
    assumeTrue(ListeningSockets.supported(), "needs Linux /proc to list a process's sockets");
    EmbeddedRegistryServer server = SharedRegistry.server();
    // Some sockets open lazily, on the first request or transaction: make some.
    SchemaRegistryClient client = SharedRegistry.client();
    client.register("listen-check-value", Tick.getClassSchema());
    client.getCompatibility("listen-check-value");

    Set<InetSocketAddress> listening = ListeningSockets.of(server.pid());

    assertThat(listening).containsExactly(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port()));
  }

  @Test
  void closeStopsTheServerProcess() {
    EmbeddedRegistryServer server = EmbeddedRegistryServer.start(Options.defaults());
    long pid = server.pid();

    server.close();
    server.close(); // idempotent

    assertThat(server.isRunning()).isFalse();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void portInUseFailsTheStartWithTheServersLog() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Options options = Options.defaults().withHttpPort(taken.getLocalPort());

      assertThatThrownBy(() -> EmbeddedRegistryServer.start(options))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("port " + taken.getLocalPort());
    }
  }
}

package io.tickcast.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * One real single-node KRaft broker (combined broker and controller) per test JVM, shared by the
 * integration tests: started on first use (about 3 s), stopped at JVM exit. Tests share it: use
 * topic names and application ids with a unique suffix ({@link #unique}).
 *
 * <p>The broker's directory is ours, not the test kit's default: that default comes with its own
 * shutdown hook that deletes the directory, and JVM shutdown hooks run concurrently, so it could
 * delete the logs under a broker that is still shutting down; the broker then fails its log
 * directory and halts the JVM with exit code 1 after every test has passed (seen in CI as
 * "Error occurred in starting fork"). Here one hook closes the broker and only then deletes.
 */
public final class SharedKafka {
  private static KafkaClusterTestKit cluster;
  private static int counter;

  private SharedKafka() {}

  public static synchronized String bootstrapServers() {
    if (cluster == null) {
      try {
        // a broker that halts or exits the test JVM says why on stderr first (logging may be shut down by then)
        Exit.setHaltProcedure((code, message) -> {
          new Throwable("in-process Kafka halts the test JVM with code " + code + ": " + message).printStackTrace();
          Runtime.getRuntime().halt(code);
        });
        Exit.setExitProcedure((code, message) -> {
          new Throwable("in-process Kafka exits the test JVM with code " + code + ": " + message).printStackTrace();
          System.exit(code);
        });
        Path dir = Files.createTempDirectory("tickcast-shared-kafka");
        KafkaClusterTestKit c = new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder().setBaseDirectory(dir)
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
            .setConfigProp("share.coordinator.state.topic.min.isr", "1")
            .setConfigProp("log.cleaner.backoff.ms", "1000")
            .build();
        c.format();
        c.startup();
        c.waitForReadyBrokers();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            c.close();
          } catch (Exception e) {
            System.err.println("shared test broker: close failed: " + e);
          }
          deleteRecursively(dir);
        }, "shared-kafka-stop"));
        cluster = c;
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the in-process Kafka broker: " + e.getMessage(), e);
      }
    }
    return cluster.bootstrapServers();
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      System.err.println("shared test broker: could not delete " + dir + ": " + e);
    }
  }

  public static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /** A name unique within this JVM, for topics, application ids and state directories. */
  public static synchronized String unique(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + (++counter);
  }
}

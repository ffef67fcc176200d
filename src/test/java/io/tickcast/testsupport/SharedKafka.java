package io.tickcast.testsupport;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real single-node KRaft broker (combined broker and controller) per test JVM, shared by the
 * integration tests: started on first use (about 3 s), stopped at JVM exit. Tests share it: use
 * topic names and application ids with a unique suffix ({@link #unique}).
 */
public final class SharedKafka {
  private static KafkaClusterTestKit cluster;
  private static int counter;

  private SharedKafka() {}

  public static synchronized String bootstrapServers() {
    if (cluster == null) {
      try {
        KafkaClusterTestKit c = new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
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
          } catch (Exception ignored) {
            // the JVM is exiting
          }
        }, "shared-kafka-stop"));
        cluster = c;
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the in-process Kafka broker: " + e.getMessage(), e);
      }
    }
    return cluster.bootstrapServers();
  }

  public static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /** A name unique within this JVM, for topics, application ids and state directories. */
  public static synchronized String unique(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + (++counter);
  }
}

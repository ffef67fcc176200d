package io.tickcast.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickcast.config.Registries;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.TopicSetup;
import io.tickcast.config.Topics;
import io.tickcast.schema.ModelRelease;
import io.tickcast.testsupport.ChildProcess;
import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.SharedRegistry;
import io.tickcast.testsupport.TopicReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Two {@code train --schedule} processes on the real broker: the active one is killed with SIGKILL
 * (no clean leave of the group), and the standby takes the lease once the group's session timeout
 * expires, trains at its next schedule and releases.
 */
class TrainerFailoverIT {
  /** The lease consumer's session timeout (Kafka's default) plus one schedule period and slack for a busy machine. */
  private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(45 + 5 + 30);

  @Test
  void aKilledActiveTrainerIsReplacedByTheStandbyWhichReleases() throws Exception {
    Map<String, Object> props = KafkaTestConfig.props("failover");
    props.put(TickcastConfig.TRAIN_INTERVAL_MS, 5000L);
    props.put(TickcastConfig.TRAIN_AFTER_CHUNKS, 1000);
    TickcastConfig config = TickcastConfig.of(props);
    Topics topics = Topics.create(config, SharedRegistry.client());
    Registries.prepareSubjects(SharedRegistry.client(), topics);
    try (Admin admin = SharedKafka.admin()) {
      TopicSetup.ensure(admin, TopicSetup.specs(config), true);
    }
    int portA = freePort();
    int portB = freePort();
    try (ChildProcess a = ChildProcess.start("failover-a", args(props, portA));
        ChildProcess b = ChildProcess.start("failover-b", args(props, portB))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      String stateA = null;
      String stateB = null;
      while (System.nanoTime() < deadline) {
        stateA = trainerState(portA);
        stateB = trainerState(portB);
        // one holds the lease and the other has joined the group without it; until the group's
        // first rebalance completes the second one still reports STARTING
        if (List.of(String.valueOf(stateA), String.valueOf(stateB)).containsAll(List.of("ACTIVE", "STANDBY"))) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(List.of(String.valueOf(stateA), String.valueOf(stateB))).as("a: %s%nb: %s", a.output(), b.output())
          .containsExactlyInAnyOrder("ACTIVE", "STANDBY");
      boolean aLeads = "ACTIVE".equals(stateA);
      ChildProcess leader = aLeads ? a : b;
      ChildProcess standby = aLeads ? b : a;
      int standbyPort = aLeads ? portB : portA;

      leader.kill();
      long killedAt = System.nanoTime();
      TrainerLeaseIT.writeHistory(topics, 4, 2000); // only now is there anything to learn
      while (!"ACTIVE".equals(trainerState(standbyPort)) && System.nanoTime() - killedAt < TAKEOVER_BOUND.toNanos() * 2) {
        Thread.sleep(200);
      }
      Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
      assertThat(trainerState(standbyPort)).as("standby log:%n%s", standby.output()).isEqualTo("ACTIVE");
      assertThat(takeover).as("time from the SIGKILL to the standby holding the lease").isLessThanOrEqualTo(TAKEOVER_BOUND);

      List<ModelRelease> releases = TopicReader.readUntil(SharedKafka.bootstrapServers(), topics.models().name(),
              topics.models().keySerde().deserializer(), topics.models().valueSerde().deserializer(), Duration.ofSeconds(120),
              got -> !got.isEmpty())
          .stream().map(ConsumerRecord::value).toList();
      assertThat(releases).as("standby log:%n%s", standby.output()).hasSize(1);
      assertThat(standby.output()).contains("trainer: RELEASED v1");
      System.out.printf("trainer failover: the standby held the lease %.1f s after the SIGKILL%n", takeover.toMillis() / 1000.0);
    }
  }

  private static List<String> args(Map<String, Object> props, int httpPort) throws IOException {
    List<String> args = new ArrayList<>(List.of("train", "--schedule"));
    props.forEach((k, v) -> {
      args.add("--set");
      args.add(k + "=" + v);
    });
    args.add("--set");
    args.add(TickcastConfig.HTTP_PORT + "=" + httpPort);
    args.add("--set");
    args.add(TickcastConfig.STATE_DIR + "=" + Files.createTempDirectory("tickcast-failover"));
    return args;
  }

  /** The trainer's state from its /health, or null while it does not answer. */
  private static String trainerState(int port) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode trainer = new ObjectMapper().readTree(r.body()).get("trainer");
      return trainer == null ? null : trainer.get("state").asText();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

package io.tickcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.StateDictJson;
import io.tickcast.schema.Prediction;
import io.tickcast.testsupport.BrokerProcess;
import io.tickcast.testsupport.ChildProcess;
import io.tickcast.testsupport.IsolatedSettings;
import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.SharedRegistry;
import io.tickcast.testsupport.TopicReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every command against a broker whose only client listener is secured, each configured only
 * through the documented passthrough ({@code --set streams.security.protocol=...},
 * {@code streams.sasl.*} or {@code streams.ssl.*}), run as a user runs them: {@code tickcast.jar}
 * in child JVMs. One broker ({@link BrokerProcess}) per class; the shared registry.
 *
 * <p>Proves: {@code run} predicts every tick of every symbol that {@code simulate} and
 * {@code replay} sent, a {@code train} run completes, {@code model import} publishes and
 * {@code model show} and the running instance see the release; no secret appears in any command's
 * output (logs included), in the HTTP answers or in {@code settings}; and a wrong secret fails the
 * start, quickly, with a message naming the setting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SecuredClusterSuite {
  private static final List<String> SIMULATED_SYMBOLS = List.of("SIM00", "SIM01", "SIM02", "SIM03");
  private static final int SIMULATED_PER_SYMBOL = 600;
  private static final String REPLAYED_SYMBOL = "RPL";
  private static final int REPLAYED = 40;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  BrokerProcess broker;
  private Path work;

  /** The security of the broker's client listener. */
  abstract BrokerProcess.Listener listener();

  /** The values that must never be shown: the broker's passwords. */
  abstract List<String> secrets(BrokerProcess broker);

  /** A passthrough setting (without the streams. prefix) holding a secret, with a wrong value. */
  abstract Map.Entry<String, String> wrongSecret(BrokerProcess broker);

  @BeforeAll
  void startBroker() throws Exception {
    broker = BrokerProcess.start(listener());
    work = Files.createTempDirectory("tickcast-secured-" + listener().name().toLowerCase());
  }

  @AfterAll
  void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  /** The command's settings: own topics, a small quick model, and the listener's security as streams.* only. */
  List<String> settings(String run, Map<String, String> security, int httpPort) {
    Map<String, String> s = new LinkedHashMap<>(IsolatedSettings.forRun(run, broker.bootstrapServers(), SharedRegistry.url()));
    s.put(TickcastConfig.STATE_DIR, work.resolve("state-" + run).toString());
    s.put(TickcastConfig.HTTP_PORT, Integer.toString(httpPort));
    s.put(TickcastConfig.TOPIC_PARTITIONS, "2");
    s.put(TickcastConfig.CHUNK_TICKS, "16");
    s.put(TickcastConfig.TRAIN_HIDDEN, "16");
    s.put(TickcastConfig.TRAIN_SEQUENCE_LENGTH, "32");
    s.put(TickcastConfig.TRAIN_BURN_IN, "12");
    s.put(TickcastConfig.TRAIN_BATCH_SIZE, "32");
    s.put(TickcastConfig.TRAIN_MAX_EPOCHS, "5");
    s.put(TickcastConfig.TRAIN_THREADS, "1");
    security.forEach((k, v) -> s.put(TickcastConfig.STREAMS_PREFIX + k, v));
    List<String> args = new ArrayList<>();
    s.forEach((k, v) -> {
      args.add("--set");
      args.add(k + "=" + v);
    });
    return args;
  }

  static List<String> command(List<String> command, List<String> settings) {
    List<String> all = new ArrayList<>(command);
    all.addAll(settings);
    return all;
  }

  /** Runs a command to its end (bounded: a hang fails the test) and returns its exit code and output. */
  static ChildResult finish(String name, List<String> args, Map<String, String> env) throws Exception {
    try (ChildProcess child = ChildProcess.start(name, args, env)) {
      int exit = child.waitFor(240);
      return new ChildResult(exit, child.output());
    }
  }

  record ChildResult(int exit, String output) {}

  @Test
  void everyCommandWorksConfiguredOnlyThroughTheStreamsPassthroughAndNoSecretIsShown() throws Exception {
    String run = SharedKafka.unique("secured-" + listener().name().toLowerCase());
    String prefix = listener().name().toLowerCase() + "-";
    int httpPort = freePort();
    List<String> settings = settings(run, broker.clientSecurity(), httpPort);
    List<String> outputs = new ArrayList<>();
    String base = "http://127.0.0.1:" + httpPort;

    try (ChildProcess instance = ChildProcess.start(prefix + "run", command(List.of("run"), settings))) {
      awaitReady(instance, base);

      ChildResult simulate = finish(prefix + "simulate", command(List.of("simulate", "--symbols", "4", "--rate", "2000",
          "--ticks", Integer.toString(SIMULATED_PER_SYMBOL * SIMULATED_SYMBOLS.size())), settings), Map.of());
      outputs.add(simulate.output());
      assertThat(simulate.exit()).as(simulate.output()).isZero();

      Path csv = work.resolve(run + ".csv");
      StringBuilder rows = new StringBuilder("symbol,timestamp,price,volume\n");
      for (int i = 0; i < REPLAYED; i++) {
        rows.append(REPLAYED_SYMBOL).append(',').append(Instant.parse("2024-01-02T00:00:00Z").plusSeconds(60L * i))
            .append(',').append(100 + Math.sin(i) * 0.5).append(",10\n");
      }
      Files.writeString(csv, rows);
      ChildResult replay = finish(prefix + "replay", command(List.of("replay", "--input", csv.toString()), settings), Map.of());
      outputs.add(replay.output());
      assertThat(replay.exit()).as(replay.output()).isZero();
      assertThat(replay.output()).contains("replayed " + REPLAYED + " ticks");

      // every tick of every symbol predicted, read back with the secured client settings
      TickcastConfig cfg = TickcastConfig.of(IsolatedSettings.forRun(run, broker.bootstrapServers(), SharedRegistry.url()));
      Topics topics = Topics.create(cfg, SharedRegistry.client());
      int expected = SIMULATED_PER_SYMBOL * SIMULATED_SYMBOLS.size() + REPLAYED;
      TopicReader.readUntil(broker.clientProperties(), topics.predictions().name(), new StringDeserializer(),
          topics.predictions().valueSerde().deserializer(), Duration.ofSeconds(120), got -> got.size() >= expected);
      List<ConsumerRecord<String, Prediction>> predictions = TopicReader.readAll(broker.clientProperties(),
          topics.predictions().name(), new StringDeserializer(), topics.predictions().valueSerde().deserializer(),
          Duration.ofSeconds(60));
      Map<String, Long> perSymbol = predictions.stream()
          .collect(Collectors.groupingBy(r -> r.value().getSymbol(), TreeMap::new, Collectors.counting()));
      Map<String, Long> sent = new TreeMap<>();
      SIMULATED_SYMBOLS.forEach(s -> sent.put(s, (long) SIMULATED_PER_SYMBOL));
      sent.put(REPLAYED_SYMBOL, (long) REPLAYED);
      assertThat(perSymbol).as("predictions per symbol; run output:%n%s", instance.output()).isEqualTo(sent);

      ChildResult train = finish(prefix + "train", command(List.of("train", "--lease-wait", "60s"), settings), Map.of());
      outputs.add(train.output());
      assertThat(train.exit()).as(train.output()).isZero();
      // a completed run: it read the history, trained and validated a challenger (released or not)
      assertThat(train.output()).as(train.output()).containsPattern("(RELEASED|NOT_BETTER): v\\d+");

      Path stateDict = work.resolve(run + "-model.json");
      StateDictJson.write(LstmModel.initialise(4, 8, 1, 5, 1f).toStateDict(), stateDict);
      ChildResult imported = finish(prefix + "import", command(List.of("model", "import", "--state-dict",
          stateDict.toString()), settings), Map.of());
      outputs.add(imported.output());
      assertThat(imported.exit()).as(imported.output()).isZero();
      Matcher published = Pattern.compile("published tickcast v(\\d+)").matcher(imported.output());
      assertThat(published.find()).as(imported.output()).isTrue();
      int version = Integer.parseInt(published.group(1));

      ChildResult show = finish(prefix + "show", command(List.of("model", "show"), settings), Map.of());
      outputs.add(show.output());
      assertThat(show.exit()).as(show.output()).isZero();
      assertThat(show.output()).contains("tickcast v" + version).contains("origin:           import");

      // the running instance's global models store reads the release over the secured listener too
      awaitBody(base + "/models/current", "\"version\":" + version, instance);
      for (String path : List.of("/health", "/ready", "/models/current", "/metrics", "/forecast/SIM00")) {
        String body = get(base + path).body();
        for (String secret : secrets(broker)) {
          assertThat(body).as("%s must not show a secret", path).doesNotContain(secret);
        }
      }
      instance.close();
      outputs.add(instance.output());
    }

    // settings prints no secret even when one is set in the environment
    Map.Entry<String, String> secret = Map.entry(wrongSecret(broker).getKey(), secrets(broker).get(0));
    ChildResult printed = finish(prefix + "settings", List.of("settings"),
        Map.of(TickcastConfig.envName(TickcastConfig.STREAMS_PREFIX + secret.getKey()), secret.getValue()));
    assertThat(printed.exit()).isZero();
    outputs.add(printed.output());

    for (String output : outputs) {
      for (String s : secrets(broker)) {
        assertThat(output).as("no command shows a secret").doesNotContain(s);
      }
    }
  }

  @Test
  void aWrongSecretFailsTheStartQuicklyWithAMessageNamingTheSetting() throws Exception {
    String run = SharedKafka.unique("wrong-" + listener().name().toLowerCase());
    Map<String, String> security = new LinkedHashMap<>(broker.clientSecurity());
    Map.Entry<String, String> wrong = wrongSecret(broker);
    security.put(wrong.getKey(), wrong.getValue());
    // bounded: finish() fails the test if the command has not ended within its limit
    ChildResult result = finish(listener().name().toLowerCase() + "-wrong-secret",
        command(List.of("run"), settings(run, security, -1)), Map.of());
    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    assertThat(result.output()).contains("error: cannot").contains(TickcastConfig.STREAMS_PREFIX + settingNamed())
        .doesNotContain(": null");
    for (String s : secrets(broker)) {
      assertThat(result.output()).doesNotContain(s);
    }
    assertThat(result.output()).doesNotContain(wrong.getValue());
  }

  /** The setting the wrong-secret error must name (without the streams. prefix). */
  abstract String settingNamed();

  private void awaitReady(ChildProcess instance, String base) throws Exception {
    awaitBody(base + "/ready", null, instance);
  }

  /** Polls {@code url} until it answers 200 (and contains {@code text}, if given), for up to two minutes. */
  private void awaitBody(String url, String text, ChildProcess instance) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      assertThat(instance.process().isAlive()).as("the instance is running; output:%n%s", instance.output()).isTrue();
      try {
        HttpResponse<String> r = get(url);
        if (r.statusCode() == 200 && (text == null || r.body().contains(text))) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not serving yet
      }
      assertThat(System.nanoTime()).as("%s answered 200%s in time; output:%n%s", url,
          text == null ? "" : " with " + text, instance.output()).isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

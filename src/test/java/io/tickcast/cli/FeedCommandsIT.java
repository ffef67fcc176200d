package io.tickcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.config.Registries;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.schema.Tick;
import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.SharedRegistry;
import io.tickcast.testsupport.TopicReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** simulate and replay put exactly the ticks they say on the ticks topic. */
class FeedCommandsIT {

  private static List<String> common(String topic) {
    return List.of("-b", SharedKafka.bootstrapServers(), "-r", SharedRegistry.url(), "--set", "topic.ticks=" + topic);
  }

  private static int run(List<String> args, StringWriter out) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    return cl.execute(args.toArray(String[]::new));
  }

  private static List<Tick> ticksOn(String topic, int expected) {
    Topics topics = Topics.create(TickcastConfig.of(Map.of(TickcastConfig.TOPIC_TICKS, topic,
        TickcastConfig.REGISTRY_URL, SharedRegistry.url())), Registries.client(TickcastConfig.of(Map.of(
        TickcastConfig.REGISTRY_URL, SharedRegistry.url()))));
    return TopicReader.readSettled(SharedKafka.bootstrapServers(), topic, new StringDeserializer(),
            topics.ticks().valueSerde().deserializer(), expected, Duration.ofSeconds(60), Duration.ofSeconds(1))
        .stream().map(ConsumerRecord::value).toList();
  }

  @Test
  void simulateSendsTheRequestedNumberOfTicksForEverySymbolInTimeOrder() {
    String topic = SharedKafka.unique("sim-ticks");
    List<String> args = new ArrayList<>(List.of("simulate", "--symbols", "3", "--rate", "500", "--ticks", "90"));
    args.addAll(common(topic));
    StringWriter out = new StringWriter();
    assertThat(run(args, out)).as(out.toString()).isZero();
    List<Tick> ticks = ticksOn(topic, 90);
    assertThat(ticks).hasSize(90);
    assertThat(ticks).extracting(Tick::getSymbol).containsOnly("SIM00", "SIM01", "SIM02");
    for (String s : List.of("SIM00", "SIM01", "SIM02")) {
      List<Instant> times = ticks.stream().filter(t -> t.getSymbol().equals(s)).map(Tick::getTime).toList();
      assertThat(times).hasSize(30).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void replaySendsEveryRowOfTheCsvAsFastAsPossible() throws Exception {
    String topic = SharedKafka.unique("replay-ticks");
    Path csv = Files.createTempFile("ticks", ".csv");
    Files.writeString(csv, "symbol,timestamp,price,volume\n"
        + "A,2020-01-02T00:00:00Z,10.5,100\n"
        + "B,1577923200000,20.25,\n"
        + "A,2020-01-02T00:01:00Z,10.75,50\n");
    List<String> args = new ArrayList<>(List.of("replay", "--input", csv.toString()));
    args.addAll(common(topic));
    StringWriter out = new StringWriter();
    assertThat(run(args, out)).as(out.toString()).isZero();
    assertThat(out.toString()).contains("replayed 3 ticks");
    List<Tick> ticks = ticksOn(topic, 3);
    assertThat(ticks).hasSize(3);
    Tick b = ticks.stream().filter(t -> t.getSymbol().equals("B")).findFirst().orElseThrow();
    assertThat(b.getPrice()).isEqualTo(20.25);
    assertThat(b.getVolume()).isNull();
    assertThat(b.getTime()).isEqualTo(Instant.parse("2020-01-02T00:00:00Z"));
  }

  /**
   * A tick series stamped to the minute, as recorded FX feeds are (several ticks share a stamp, some
   * repeat the previous tick exactly), replayed into a running forecaster: every row is predicted.
   */
  @Test
  void aReplayedSeriesWithEqualTimestampsIsPredictedWithoutDroppingATick() throws Exception {
    String run = SharedKafka.unique("minute");
    Map<String, String> settings = new java.util.LinkedHashMap<>(io.tickcast.testsupport.IsolatedSettings.forRun(run,
        SharedKafka.bootstrapServers(), SharedRegistry.url()));
    settings.put(TickcastConfig.STATE_DIR, Files.createTempDirectory("tickcast-" + run).toString());
    StringBuilder csv = new StringBuilder("symbol,timestamp,price\n");
    java.util.Random random = new java.util.Random(5);
    double price = 0.9312;
    int rows = 0;
    int repeats = 0;
    Instant minute = Instant.parse("2001-03-30T08:00:00Z");
    for (int m = 0; m < 150; m++) {
      int inMinute = 1 + random.nextInt(4);
      for (int k = 0; k < inMinute; k++) {
        if (random.nextInt(6) != 0) {
          price = Math.round(price * (1 + 0.0004 * random.nextGaussian()) * 10_000) / 10_000.0;
        } else {
          repeats++;
        }
        csv.append("USDCHF,").append(minute.plusSeconds(60L * m)).append(',').append(price).append('\n');
        rows++;
      }
    }
    Path file = Files.createTempFile("usdchf-minutes", ".csv");
    Files.writeString(file, csv);
    io.tickcast.testsupport.CountingListener listener = new io.tickcast.testsupport.CountingListener();
    try (io.tickcast.stream.ForecastService service = io.tickcast.stream.ForecastService.create(
        TickcastConfig.of(new java.util.HashMap<>(settings)), listener, null)) {
      service.start();
      assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
      List<String> args = new ArrayList<>(List.of("replay", "--input", file.toString()));
      settings.forEach((k, v) -> {
        args.add("--set");
        args.add(k + "=" + v);
      });
      StringWriter out = new StringWriter();
      assertThat(run(args, out)).as(out.toString()).isZero();
      assertThat(out.toString()).contains("replayed " + rows + " ticks");
      List<io.tickcast.schema.Prediction> got = TopicReader.readSettled(SharedKafka.bootstrapServers(),
              service.topics().predictions().name(), new StringDeserializer(),
              service.topics().predictions().valueSerde().deserializer(), rows, Duration.ofSeconds(90), Duration.ofSeconds(2))
          .stream().map(ConsumerRecord::value).toList();
      assertThat(rows - got.size()).as("ticks dropped of %d (%d exact repeats)", rows, repeats).isZero();
      assertThat(got).extracting(io.tickcast.schema.Prediction::getTickCount).doesNotHaveDuplicates();
      assertThat(listener.stale.get() + listener.duplicates.get()).isZero();
      assertThat(repeats).isPositive();
    }
  }
}

package io.tickcast.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickcast.config.TickcastConfig;
import io.tickcast.schema.Prediction;
import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** {@code /forecast/{symbol}} through interactive queries, against real streams on the shared broker and registry. */
class ForecastQueriesIT {
  private static final int PARTITIONS = 4;
  private static final int TICKS = 60;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Symbols that cover every partition of the ticks topic, so that each instance of two owns some. */
  static List<String> symbolsCoveringAllPartitions() {
    List<String> out = new ArrayList<>();
    Set<Integer> covered = new HashSet<>();
    for (int i = 0; covered.size() < PARTITIONS || out.size() < 8; i++) {
      String s = "SYM-" + i;
      int partition = Utils.toPositive(Utils.murmur2(s.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
      if (covered.add(partition) || out.size() < 8) {
        out.add(s);
      }
    }
    return out;
  }

  private static Map<String, Object> settings(String name) {
    Map<String, Object> s = ObservedInstance.settings(name);
    s.put(TickcastConfig.TOPIC_PARTITIONS, PARTITIONS);
    // a joining instance counts as caught up, so the assignment is balanced at once rather than after a probing rebalance
    s.put(TickcastConfig.STREAMS_PREFIX + StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, 1_000_000L);
    return s;
  }

  /**
   * The last prediction on the predictions topic for each symbol: the one made after its last tick
   * (tick count {@code ticks}). Only those are awaited, not every prediction: what /forecast must
   * match is the last record of each symbol.
   */
  private static Map<String, Prediction> lastPredictions(ObservedInstance app, List<String> symbols, int ticks) {
    var topic = app.service.topics().predictions();
    List<ConsumerRecord<String, Prediction>> records = TopicReader.readUntil(SharedKafka.bootstrapServers(), topic.name(),
        Serdes.String().deserializer(), topic.valueSerde().deserializer(), Duration.ofSeconds(90),
        l -> l.stream().filter(r -> r.value().getTickCount() == ticks).map(ConsumerRecord::key).distinct().count() == symbols.size());
    Map<String, Prediction> last = new HashMap<>();
    records.forEach(r -> last.merge(r.key(), r.value(), (x, y) -> y.getTickCount() > x.getTickCount() ? y : x));
    for (String s : symbols) {
      assertThat(last.get(s)).as("last prediction of %s on the topic", s).isNotNull();
      assertThat(last.get(s).getTickCount()).as("tick count of the last prediction of %s", s).isEqualTo(ticks);
    }
    return last;
  }

  private static HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GETs until the answer is not a 503 (a rebalance may be settling). */
  private static HttpResponse<String> getSettled(String url) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      HttpResponse<String> r = get(url);
      if (r.statusCode() != 503 || System.nanoTime() > deadline) {
        return r;
      }
      assertThat(r.headers().firstValue("Retry-After")).as("503 carries Retry-After").isPresent();
      Thread.sleep(250);
    }
  }

  private static void assertSamePrediction(JsonNode json, Prediction p) {
    assertThat(json.get("symbol").asText()).isEqualTo(p.getSymbol());
    assertThat(json.get("tickTime").asText()).isEqualTo(p.getTickTime().toString());
    assertThat(json.get("lastPrice").asDouble()).isEqualTo(p.getLastPrice());
    assertThat(json.get("predictedPrice").asDouble()).isEqualTo(p.getPredictedPrice());
    assertThat(json.get("predictedReturn").asDouble()).isEqualTo(p.getPredictedReturn());
    assertThat(json.get("intervalLow").asDouble()).isEqualTo(p.getIntervalLow());
    assertThat(json.get("intervalHigh").asDouble()).isEqualTo(p.getIntervalHigh());
    assertThat(json.get("intervalLevel").asDouble()).isEqualTo(p.getIntervalLevel());
    assertThat(json.get("source").asText()).isEqualTo(p.getSource().name());
    assertThat(json.get("modelName").asText()).isEqualTo(p.getModelName());
    assertThat(json.get("modelVersion").asInt()).isEqualTo(p.getModelVersion());
    assertThat(json.get("lstmPredictedPrice").asDouble()).isEqualTo(p.getLstmPredictedPrice());
    assertThat(json.get("naivePrice").asDouble()).isEqualTo(p.getNaivePrice());
    assertThat(json.get("tickCount").asLong()).isEqualTo(p.getTickCount());
    if (p.getSkillVsNaive() == null) {
      assertThat(json.get("skillVsNaive").isNull()).isTrue();
    } else {
      assertThat(json.get("skillVsNaive").asDouble()).isEqualTo(p.getSkillVsNaive());
    }
    JsonNode horizons = json.get("horizons");
    assertThat(horizons).as("horizons").hasSize(p.getHorizons().size());
    for (int i = 0; i < horizons.size(); i++) {
      JsonNode h = horizons.get(i);
      var f = p.getHorizons().get(i);
      assertThat(h.get("horizon").asInt()).isEqualTo(f.getHorizon());
      assertThat(h.get("predictedPrice").asDouble()).isEqualTo(f.getPredictedPrice());
      assertThat(h.get("predictedReturn").asDouble()).isEqualTo(f.getPredictedReturn());
      assertThat(h.get("intervalLow").asDouble()).isEqualTo(f.getIntervalLow());
      assertThat(h.get("intervalHigh").asDouble()).isEqualTo(f.getIntervalHigh());
      assertThat(h.get("source").asText()).isEqualTo(f.getSource().name());
      if (f.getSkillVsNaive() == null) {
        assertThat(h.get("skillVsNaive").isNull()).isTrue();
      } else {
        assertThat(h.get("skillVsNaive").asDouble()).isEqualTo(f.getSkillVsNaive());
      }
    }
  }

  @Test
  void answersWithTheLastPredictionOnThePredictionsTopic() throws Exception {
    List<String> symbols = symbolsCoveringAllPartitions();
    try (ObservedInstance app = ObservedInstance.create(settings("iq-one"), true)) {
      app.awaitRunning();
      app.sendTicks(symbols, TICKS, 3);
      Map<String, Prediction> last = lastPredictions(app, symbols, TICKS);
      for (String s : symbols) {
        HttpResponse<String> r = getSettled(app.url("/forecast/" + s));
        assertThat(r.statusCode()).as("%s: %s", s, r.body()).isEqualTo(200);
        JsonNode json = Json.MAPPER.readTree(r.body());
        assertSamePrediction(json, last.get(s));
        assertThat(json.get("servedBy").asText()).isEqualTo(app.observability.applicationServer());
        assertThat(json.get("online").fieldNames()).toIterable()
            .containsExactly("emitted", "lstm", "naive", "sma", "ema", "kalman", "ar");
        assertThat(json.get("online").get("naive").get("scored").asLong()).isPositive();
      }
      HttpResponse<String> model = app.get("/models/current");
      assertThat(model.statusCode()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(model.body()).get("version").asInt()).isZero();
    }
  }

  @Test
  void anUnknownSymbolIs404() throws Exception {
    try (ObservedInstance app = ObservedInstance.create(settings("iq-unknown"), true)) {
      app.awaitRunning();
      app.sendTicks(List.of("KNOWN"), 3, 1);
      lastPredictions(app, List.of("KNOWN"), 3);
      HttpResponse<String> r = getSettled(app.url("/forecast/NEVER-SEEN"));
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(Json.MAPPER.readTree(r.body()).get("symbol").asText()).isEqualTo("NEVER-SEEN");
    }
  }

  @Test
  void beforeTheStreamsRunTheAnswerIs503WithRetryAfter() throws Exception {
    try (ObservedInstance app = ObservedInstance.create(settings("iq-created"), false)) {
      assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.CREATED);
      HttpResponse<String> r = app.get("/forecast/ANY");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(app.get("/ready").statusCode()).isEqualTo(503);
      assertThat(app.get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void eitherOfTwoInstancesAnswersWithTheOwnersPrediction() throws Exception {
    List<String> symbols = symbolsCoveringAllPartitions();
    Map<String, Object> settings = settings("iq-two");
    try (ObservedInstance a = ObservedInstance.create(settings, true)) {
      a.awaitRunning();
      a.sendTicks(symbols, TICKS, 9);
      Map<String, Prediction> last = lastPredictions(a, symbols, TICKS);
      try (ObservedInstance b = ObservedInstance.create(settings, true)) {
        awaitBothOwnPartitions(a, b);
        Map<String, String> ownerBySymbol = new LinkedHashMap<>();
        for (String s : symbols) {
          HttpResponse<String> fromA = getSettled(a.url("/forecast/" + s));
          HttpResponse<String> fromB = getSettled(b.url("/forecast/" + s));
          assertThat(fromA.statusCode()).as("%s via a: %s", s, fromA.body()).isEqualTo(200);
          assertThat(fromB.statusCode()).as("%s via b: %s", s, fromB.body()).isEqualTo(200);
          JsonNode jsonA = Json.MAPPER.readTree(fromA.body());
          assertThat(Json.MAPPER.readTree(fromB.body())).isEqualTo(jsonA);
          assertSamePrediction(jsonA, last.get(s));
          ownerBySymbol.put(s, jsonA.get("servedBy").asText());
        }
        // every symbol answered by its owner, and each instance owns some: both answered for the other
        assertThat(new HashSet<>(ownerBySymbol.values()))
            .containsExactlyInAnyOrder(a.observability.applicationServer(), b.observability.applicationServer());
        String ownedByB = ownerBySymbol.entrySet().stream()
            .filter(e -> e.getValue().equals(b.observability.applicationServer())).findFirst().orElseThrow().getKey();
        HttpResponse<String> notForwardedTwice = get(a.url("/forecast/" + ownedByB), ForecastQueries.FORWARDED_HEADER, "test");
        assertThat(notForwardedTwice.statusCode()).as("a request already forwarded is not forwarded again").isEqualTo(503);

        // the partitions b took over were restored from their changelogs, and a went through a second rebalance
        assertThat(b.counterSum("tickcast.restores.completed")).isPositive();
        assertThat(b.counterSum("tickcast.restore.records")).isPositive();
        assertThat(a.counterSum("tickcast.streams.rebalances")).isGreaterThanOrEqualTo(2);
        assertThat(b.observability.registry().get("tickcast.state.store.entries").gauge().value()).isPositive();
      }
    }
  }

  /** Waits until both instances run and each sees both with partitions assigned. */
  private static void awaitBothOwnPartitions(ObservedInstance a, ObservedInstance b) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (a.streams().state() == KafkaStreams.State.RUNNING && b.streams().state() == KafkaStreams.State.RUNNING
          && bothOwn(a) && bothOwn(b)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the two instances did not share the partitions in time: a " + a.streams().state()
        + " " + a.streams().metadataForAllStreamsClients() + ", b " + b.streams().state());
  }

  private static boolean bothOwn(ObservedInstance i) {
    var clients = i.streams().metadataForAllStreamsClients();
    return clients.size() == 2 && clients.stream().allMatch(m -> !m.topicPartitions().isEmpty());
  }
}

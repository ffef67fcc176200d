package io.tickcast.observe;

import io.tickcast.forecast.ForecastEngine;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.StepResult;
import io.tickcast.stream.ForecastTopology;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers {@code /forecast/{symbol}} with Kafka Streams interactive queries: the streams metadata
 * names the instance whose active task holds the symbol's partition; this instance reads its own
 * {@code forecast-state} store, or forwards the GET to the owner's {@code application.server}.
 * A forwarded request is never forwarded again, so instances with briefly different views of the
 * assignment answer 503 instead of bouncing a request between them.
 *
 * <p>Not RUNNING (rebalancing, restoring, starting, stopping), no metadata yet, a store partition
 * that has just moved, or an unreachable owner: 503, and the client retries.
 */
final class ForecastQueries {
  /** Header marking a request forwarded by another instance. */
  static final String FORWARDED_HEADER = "X-Tickcast-Forwarded";

  private final KafkaStreams streams;
  private final HostInfo self;
  private static final Logger LOG = LoggerFactory.getLogger(ForecastQueries.class);
  private final ForecastSettings settings;
  private final Supplier<String> modelName;
  private final HttpClient http;

  ForecastQueries(KafkaStreams streams, HostInfo self, ForecastSettings settings, Supplier<String> modelName) {
    this.streams = streams;
    this.self = self;
    this.settings = settings;
    this.modelName = modelName;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  ForecastAnswer forecast(String symbol, boolean forwarded) {
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING) {
      return ForecastAnswer.unavailable("streams " + state);
    }
    KeyQueryMetadata meta;
    try {
      meta = streams.queryMetadataForKey(ForecastTopology.STATE_STORE, symbol, Serdes.String().serializer());
    } catch (RuntimeException e) {
      LOG.debug("no streams metadata for {}: {}", symbol, e.toString());
      return ForecastAnswer.unavailable("no streams metadata yet");
    }
    if (meta == null || KeyQueryMetadata.NOT_AVAILABLE.equals(meta) || meta.activeHost() == null
        || HostInfo.unavailable().equals(meta.activeHost())) {
      return ForecastAnswer.unavailable("no streams metadata for the symbol's partition yet");
    }
    HostInfo owner = meta.activeHost();
    if (!owner.equals(self)) {
      return forwarded
          ? ForecastAnswer.unavailable("forwarded to an instance that does not own the symbol now")
          : forward(owner, symbol);
    }
    ForecastState found;
    try {
      ReadOnlyKeyValueStore<String, ForecastState> store = streams.store(StoreQueryParameters
          .fromNameAndType(ForecastTopology.STATE_STORE, QueryableStoreTypes.<String, ForecastState>keyValueStore())
          .withPartition(meta.partition()));
      found = store.get(symbol);
    } catch (InvalidStateStoreException e) {
      LOG.debug("store not queryable for {}: {}", symbol, e.toString());
      return ForecastAnswer.unavailable("store not queryable now");
    }
    if (found == null) {
      return ForecastAnswer.unknown(symbol);
    }
    // a fresh engine per query: describeLast reads only the state, and engines are not shared across threads
    StepResult last = new ForecastEngine(settings).describeLast(found, modelName.get(), new StepResult());
    return ForecastAnswer.found(Json.bytes(ForecastJson.of(symbol, found, last, hostPort(self))));
  }

  private ForecastAnswer forward(HostInfo owner, String symbol) {
    try {
      URI uri = new URI("http", null, owner.host(), owner.port(), "/forecast/" + symbol, null, null);
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
          .header(FORWARDED_HEADER, hostPort(self)).GET().build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new ForecastAnswer(response.statusCode(), response.body());
    } catch (URISyntaxException e) {
      return ForecastAnswer.unknown(symbol);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ForecastAnswer.unavailable("interrupted while asking the owning instance");
    } catch (Exception e) {
      // the owner's address and the error stay in the log: error bodies name no internal address
      LOG.warn("the owner {} of {} did not answer a forwarded query: {}", hostPort(owner), symbol, e.toString());
      return ForecastAnswer.unavailable("the owning instance did not answer");
    }
  }

  static String hostPort(HostInfo h) {
    return h.host() + ":" + h.port();
  }
}

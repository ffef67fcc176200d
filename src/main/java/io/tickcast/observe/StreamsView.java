package io.tickcast.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.streams.KafkaStreams;

/** What the HTTP endpoints ask of the streams application. */
interface StreamsView {
  /** Before a streams application is attached: not ready, nothing to query. */
  StreamsView DETACHED = new StreamsView() {
    @Override
    public KafkaStreams.State state() {
      return KafkaStreams.State.CREATED;
    }

    @Override
    public ForecastAnswer forecast(String symbol, boolean forwarded) {
      return ForecastAnswer.unavailable("the streams application is not started");
    }

    @Override
    public ObjectNode currentModel() {
      return null;
    }
  };

  KafkaStreams.State state();

  /**
   * The symbol's latest prediction, from whichever instance owns it.
   *
   * @param forwarded the request was forwarded by another instance: answer from here or not at all
   */
  ForecastAnswer forecast(String symbol, boolean forwarded);

  /** The model in use, or null when none is attached. */
  ObjectNode currentModel();
}

package io.tickcast.config;

import io.tickcast.forecast.HistorySegment;
import io.tickcast.registry.AvroSerde;
import io.tickcast.registry.AvroSerializer;
import io.tickcast.registry.SchemaRegistryClient;
import io.tickcast.schema.HistoryChunk;
import io.tickcast.schema.ModelRelease;
import io.tickcast.schema.Prediction;
import io.tickcast.schema.Tick;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * tickcast's topics with their serdes: keys are UTF-8 strings, values Avro in the Confluent wire
 * format through the registry, except the dead-letter topic, which holds the bytes as received.
 *
 * @param historySegments writes a closed chunk to {@code history} as the HistoryChunk record its
 *     serde reads (see {@link HistorySegmentWriter}); the stream's history sink uses it
 */
public record Topics(
    TypedTopic<String, Tick> ticks,
    TypedTopic<String, Prediction> predictions,
    TypedTopic<String, HistoryChunk> history,
    TypedTopic<String, ModelRelease> models,
    TypedTopic<String, byte[]> deadLetters,
    Serializer<HistorySegment> historySegments) {

  public static Topics create(TickcastConfig config, SchemaRegistryClient registry) {
    return new Topics(
        new TypedTopic<>(config.getString(TickcastConfig.TOPIC_TICKS), Serdes.String(), new AvroSerde<>(registry, Tick.class, false)),
        new TypedTopic<>(config.getString(TickcastConfig.TOPIC_PREDICTIONS), Serdes.String(), new AvroSerde<>(registry, Prediction.class, false)),
        new TypedTopic<>(config.getString(TickcastConfig.TOPIC_HISTORY), Serdes.String(), new AvroSerde<>(registry, HistoryChunk.class, false)),
        new TypedTopic<>(config.getString(TickcastConfig.TOPIC_MODELS), Serdes.String(), new AvroSerde<>(registry, ModelRelease.class, false)),
        new TypedTopic<>(config.getString(TickcastConfig.TOPIC_DLQ), Serdes.String(), Serdes.ByteArray()),
        new AvroSerializer<>(registry, HistoryChunk.getClassSchema(), HistorySegment.class.getName(), false,
            HistorySegmentWriter::new));
  }

  /** Key of a history chunk on the compacted history topic: one record per symbol and chunk. */
  public static String historyKey(String symbol, long chunkIndex) {
    return symbol + '#' + chunkIndex;
  }
}

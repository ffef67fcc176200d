package io.tickcast.stream;

import io.tickcast.forecast.RejectReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records whose bytes cannot be decoded to the dead-letter topic, as received, with reason
 * {@code undecodable}, the decoder's message and the source coordinates in headers; the stream
 * continues. Configured through the streams properties {@value #DLQ_TOPIC} and {@value #LISTENER}.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
  public static final String DLQ_TOPIC = "tickcast.dlq.topic";
  public static final String LISTENER = "tickcast.forecast.listener";
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

  private String dlqTopic;
  private ForecastListener listener = ForecastListener.NONE;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(DLQ_TOPIC);
    if (topic == null) {
      throw new IllegalArgumentException(DLQ_TOPIC + " is not set");
    }
    dlqTopic = topic.toString();
    if (configs.get(LISTENER) instanceof ForecastListener l) {
      listener = l;
    }
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    LOG.debug("undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), exception.getMessage());
    listener.deadLettered(RejectReason.UNDECODABLE);
    ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(dlqTopic, null, record.timestamp() >= 0 ? record.timestamp() : null, record.key(), record.value(),
        DeadLetters.headers(RejectReason.UNDECODABLE.tag(), String.valueOf(exception.getMessage()),
            record.topic(), record.partition(), record.offset()));
    return Response.resume(List.of(dead));
  }
}

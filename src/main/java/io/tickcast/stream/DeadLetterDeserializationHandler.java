package io.tickcast.stream;

import io.tickcast.forecast.RejectReason;
import io.tickcast.registry.RegistryException;
import io.tickcast.registry.UnknownSchemaException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records whose bytes cannot be decoded to the dead-letter topic, as received, with the
 * decoder's message and the source coordinates in headers, and the stream continues: reason
 * {@code unknown_schema} when the registry definitely does not know the record's schema id,
 * {@code undecodable} for anything else wrong with the bytes (wrong magic byte, corrupt Avro).
 *
 * <p>A registry that cannot be reached, or answers 5xx, says nothing about the record: after the
 * registry client's bounded retries the record is not dead-lettered but the task fails
 * ({@link Response#fail()}); the stream thread is replaced ({@link StreamThreadFailurePolicy}) and,
 * from the last committed offset, reads the record again once the registry answers. Configured
 * through the streams properties {@value #DLQ_TOPIC} and {@value #LISTENER}.
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
    if (registryUnavailable(exception)) {
      LOG.warn("schema registry unavailable while decoding {}-{}@{}: {}; failing the task so that the record is read again"
          + " when the registry answers (not dead-lettered)", record.topic(), record.partition(), record.offset(),
          exception.getMessage());
      listener.registryUnavailable();
      return Response.fail();
    }
    RejectReason reason = exception instanceof UnknownSchemaException ? RejectReason.UNKNOWN_SCHEMA : RejectReason.UNDECODABLE;
    LOG.debug("{} record {}-{}@{}: {}", reason.tag(), record.topic(), record.partition(), record.offset(), exception.getMessage());
    listener.deadLettered(reason);
    ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(dlqTopic, null, record.timestamp() >= 0 ? record.timestamp() : null, record.key(), record.value(),
        DeadLetters.headers(reason.tag(), String.valueOf(exception.getMessage()),
            record.topic(), record.partition(), record.offset()));
    return Response.resume(List.of(dead));
  }

  /** Whether decoding failed because the registry could not answer (unreachable, 5xx) rather than because of the bytes. */
  static boolean registryUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RegistryException r) {
        return !r.isNotFound() && (r.httpStatus() == RegistryException.NO_RESPONSE || r.httpStatus() >= 500
            || r.httpStatus() == 408 || r.httpStatus() == 429);
      }
    }
    return false;
  }
}

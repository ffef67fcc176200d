package io.tickcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.forecast.RejectReason;
import io.tickcast.registry.RegistryException;
import io.tickcast.registry.UnknownSchemaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.junit.jupiter.api.Test;

class DeadLetterDeserializationHandlerTest {
  private final List<RejectReason> deadLettered = new ArrayList<>();
  private final List<String> unavailable = new ArrayList<>();
  private final DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
  private final ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("ticks", 2, 17L, "A".getBytes(), new byte[] {0, 0, 0, 0, 9, 1});

  DeadLetterDeserializationHandlerTest() {
    handler.configure(Map.of(DeadLetterDeserializationHandler.DLQ_TOPIC, "ticks-dlq",
        DeadLetterDeserializationHandler.LISTENER, new ForecastListener() {
          @Override
          public void deadLettered(RejectReason reason) {
            deadLettered.add(reason);
          }

          @Override
          public void registryUnavailable() {
            unavailable.add("x");
          }
        }));
  }

  private static RegistryException registry(int status, int code) {
    return new RegistryException("registry said " + status, status, code, "http://registry", null);
  }

  @Test
  void aRegistryThatDoesNotAnswerFailsTheTaskAndDeadLettersNothing() {
    for (RegistryException e : List.of(registry(RegistryException.NO_RESPONSE, RegistryException.NO_ERROR_CODE),
        registry(503, RegistryException.NO_ERROR_CODE), registry(500, 50001))) {
      Response r = handler.handleError(null, record, e);
      assertThat(r.result()).isEqualTo(Result.FAIL);
      assertThat(r.deadLetterQueueRecords()).isEmpty();
    }
    assertThat(unavailable).hasSize(3);
    assertThat(deadLettered).isEmpty();
  }

  @Test
  void aDefinitelyUnknownSchemaIdIsDeadLetteredAsUnknownSchemaAndBadBytesAsUndecodable() {
    Response unknown = handler.handleError(null, record,
        new UnknownSchemaException("unknown schema id 9", 9, registry(404, RegistryException.SCHEMA_NOT_FOUND)));
    assertThat(unknown.result()).isEqualTo(Result.RESUME);
    assertThat(unknown.deadLetterQueueRecords()).singleElement().satisfies(d -> {
      assertThat(d.topic()).isEqualTo("ticks-dlq");
      assertThat(d.value()).isEqualTo(record.value());
      assertThat(DeadLetters.header(d.headers(), DeadLetters.REASON)).isEqualTo("unknown_schema");
    });
    Response garbage = handler.handleError(null, record, new SerializationException("wrong magic byte 0x41"));
    assertThat(DeadLetters.header(garbage.deadLetterQueueRecords().get(0).headers(), DeadLetters.REASON)).isEqualTo("undecodable");
    assertThat(deadLettered).containsExactly(RejectReason.UNKNOWN_SCHEMA, RejectReason.UNDECODABLE);
    assertThat(unavailable).isEmpty();
  }
}

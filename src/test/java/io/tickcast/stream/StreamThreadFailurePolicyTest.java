package io.tickcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;

import io.tickcast.registry.RegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class StreamThreadFailurePolicyTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<String> told = new ArrayList<>();
  private final StreamThreadFailurePolicy policy = new StreamThreadFailurePolicy(new ForecastListener() {
    @Override
    public void streamThreadFailed(String cause, boolean replaced) {
      told.add(cause + (replaced ? " replaced" : " shutdown"));
    }
  }, now::get);

  @Test
  void outagesReplaceTheThreadHoweverOftenTheyHappen() {
    for (int i = 0; i < 3 * StreamThreadFailurePolicy.MAX_REPLACEMENTS; i++) {
      assertThat(policy.handle(new StreamsException("Error encountered trying to commit a transaction",
          new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state")))).isEqualTo(REPLACE_THREAD);
      assertThat(policy.handle(new StreamsException(new ProducerFencedException("fenced")))).isEqualTo(REPLACE_THREAD);
      assertThat(policy.handle(new StreamsException(new TimeoutException("Failed to get offsets by times")))).isEqualTo(REPLACE_THREAD);
      assertThat(policy.handle(new StreamsException("Deserialization exception handler is set to fail",
          new RegistryException("cannot connect", RegistryException.NO_RESPONSE, RegistryException.NO_ERROR_CODE, "http://r", null))))
          .isEqualTo(REPLACE_THREAD);
    }
    assertThat(told).contains("InvalidTxnStateException replaced", "RegistryException replaced").doesNotContain("shutdown");
  }

  @Test
  void errorsARestartCannotFixShutTheClientDown() {
    assertThat(policy.handle(new StreamsException(new SaslAuthenticationException("bad password")))).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.handle(new StreamsException(new TopicAuthorizationException("no access")))).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.handle(new OutOfMemoryError("heap"))).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(told).containsExactly("SaslAuthenticationException shutdown", "TopicAuthorizationException shutdown",
        "OutOfMemoryError shutdown");
  }

  @Test
  void aCrashLoopOfOtherFailuresShutsDownAndTheBudgetRecoversWithTime() {
    for (int i = 0; i < StreamThreadFailurePolicy.MAX_REPLACEMENTS; i++) {
      assertThat(policy.handle(new StreamsException(new IllegalStateException("bug")))).isEqualTo(REPLACE_THREAD);
    }
    assertThat(policy.handle(new StreamsException(new IllegalStateException("bug")))).isEqualTo(SHUTDOWN_CLIENT);
    now.addAndGet(StreamThreadFailurePolicy.WINDOW_MILLIS + 1);
    assertThat(policy.handle(new StreamsException(new IllegalStateException("bug")))).isEqualTo(REPLACE_THREAD);
  }
}

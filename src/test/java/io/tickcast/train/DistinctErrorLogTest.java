package io.tickcast.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DistinctErrorLogTest {
  private final DistinctErrorLog log = new DistinctErrorLog(LoggerFactory.getLogger(DistinctErrorLogTest.class));

  @Test
  void aRepeatedCauseIsLoggedOnceUntilAnotherCauseOrARecovery() {
    assertThat(log.recovered("lease")).as("nothing failed yet").isFalse();
    assertThat(log.failed("lease failed", new TimeoutException("metadata"), "again in 1 s")).isTrue();
    assertThat(log.failed("lease failed", new TimeoutException("metadata"), "again in 2 s")).isFalse();
    // the same root cause wrapped otherwise is the same cause
    assertThat(log.failed("lease failed", new ExecutionException(new TimeoutException("metadata")), "again in 4 s")).isFalse();
    assertThat(log.failed("lease failed", new IllegalStateException("other"), "again in 8 s")).isTrue();
    assertThat(log.recovered("lease")).isTrue();
    assertThat(log.recovered("lease")).isFalse();
    assertThat(log.failed("lease failed", new IllegalStateException("other"), "again in 1 s")).as("after a recovery").isTrue();
  }

  @Test
  void theCauseIsTheRootExceptionsClassAndMessage() {
    assertThat(DistinctErrorLog.causeOf(new RuntimeException("outer", new TimeoutException("inner"))))
        .isEqualTo("org.apache.kafka.common.errors.TimeoutException: inner");
  }
}

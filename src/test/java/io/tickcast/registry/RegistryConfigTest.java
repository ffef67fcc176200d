package io.tickcast.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

  @Test
  void trailingSlashesAreDroppedSoPathsJoinCleanly() {
    assertThat(RegistryConfig.of("http://127.0.0.1:8080/apis/ccompat/v7/").url())
        .isEqualTo("http://127.0.0.1:8080/apis/ccompat/v7");
  }

  @Test
  void urlWithoutHttpSchemeIsRejected() {
    assertThatThrownBy(() -> RegistryConfig.of("localhost:8081"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("localhost:8081");
  }

  @Test
  void toStringDoesNotRevealThePassword() {
    RegistryConfig config = RegistryConfig.builder("https://registry:8081")
        .basicAuth("alice", "s3cret")
        .build();
    assertThat(config.toString()).contains("alice").doesNotContain("s3cret");
  }

  @Test
  void defaultsAreBoundedTimeouts() {
    RegistryConfig config = RegistryConfig.of("http://registry:8081");
    assertThat(config.requestTimeout()).isEqualTo(RegistryConfig.DEFAULT_REQUEST_TIMEOUT);
    assertThat(config.maxRetryTime()).isEqualTo(RegistryConfig.DEFAULT_MAX_RETRY_TIME);
    assertThat(config.basicAuthUser()).isEmpty();
  }

  @Test
  void negativeRetryTimeIsRejected() {
    assertThatThrownBy(() -> RegistryConfig.builder("http://r:1").maxRetryTime(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

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

  @Test
  void propertiesNamedLikeConfluentsSettingsAreRead() {
    RegistryConfig config = RegistryConfig.fromProperties(java.util.Map.of(
        RegistryConfig.URL, "https://registry:8081/",
        RegistryConfig.BASIC_AUTH_USER_INFO, "alice:pa:ss",
        RegistryConfig.TRUSTSTORE_LOCATION, "/etc/trust.p12",
        RegistryConfig.TRUSTSTORE_PASSWORD, "changeit",
        RegistryConfig.KEYSTORE_LOCATION, "/etc/keys.jks",
        RegistryConfig.KEYSTORE_TYPE, "JKS",
        RegistryConfig.MAX_RETRY_TIME_MS, "1500",
        "unrelated.setting", "ignored"));

    assertThat(config.url()).isEqualTo("https://registry:8081");
    assertThat(config.basicAuthUser()).contains("alice");
    assertThat(config.basicAuthPassword()).contains("pa:ss");
    assertThat(config.trustStore()).contains(
        new RegistryConfig.KeyStoreSettings(java.nio.file.Path.of("/etc/trust.p12"), "changeit", null));
    assertThat(config.keyStore()).contains(
        new RegistryConfig.KeyStoreSettings(java.nio.file.Path.of("/etc/keys.jks"), null, "JKS"));
    assertThat(config.maxRetryTime()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.requestTimeout()).isEqualTo(RegistryConfig.DEFAULT_REQUEST_TIMEOUT);
  }

  @Test
  void listOfRegistryUrlsIsRejected() {
    assertThatThrownBy(() -> RegistryConfig.fromProperties(
            java.util.Map.of(RegistryConfig.URL, "http://a:8081,http://b:8081")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one registry");
  }
}

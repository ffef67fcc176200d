package io.tickcast.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

/** Which passthrough keys reach which client, secrets as Password values, and failures explained. */
class KafkaClientFactoryTest {
  private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
      + "username=\"app\" password=\"s3cr3t-jaas\";";

  private static KafkaClientFactory factory(Map<String, Object> extra) {
    Map<String, Object> m = new HashMap<>();
    m.put(TickcastConfig.BOOTSTRAP_SERVERS, "b1:9092,b2:9092");
    m.put("streams.security.protocol", "SASL_SSL");
    m.put("streams.sasl.mechanism", "PLAIN");
    m.put("streams.sasl.jaas.config", JAAS);
    m.put("streams.ssl.truststore.location", "/etc/trust.p12");
    m.put("streams.ssl.truststore.password", "s3cr3t-trust");
    m.put("streams.num.standby.replicas", "1");
    m.put("streams.client.id", "shared-id");
    m.putAll(extra);
    return KafkaClientFactory.of(TickcastConfig.of(m));
  }

  @Test
  void securityAndOtherCommonKeysReachEveryKindOfClient() {
    KafkaClientFactory f = factory(Map.of("streams.reconnect.backoff.ms", "250"));
    for (Map<String, Object> s : new Map[] {f.producerSettings(Map.of(), Map.of()), f.consumerSettings(Map.of(), Map.of()),
        f.adminSettings(Map.of(), Map.of())}) {
      assertThat(s).containsEntry("bootstrap.servers", "b1:9092,b2:9092").containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "PLAIN").containsEntry("ssl.truststore.location", "/etc/trust.p12")
          .containsEntry("reconnect.backoff.ms", "250");
      assertThat(s.get("sasl.jaas.config")).isEqualTo(new Password(JAAS));
      assertThat(s).doesNotContainKeys("num.standby.replicas", "client.id");
    }
    Properties streams = f.streamsProperties(new Properties());
    assertThat(streams).containsEntry("security.protocol", "SASL_SSL").containsEntry("num.standby.replicas", "1")
        .containsEntry("client.id", "shared-id");
    assertThat(streams.get("sasl.jaas.config")).isEqualTo(new Password(JAAS));
  }

  @Test
  void kindPrefixedKeysReachOnlyThatKindAndOverTheirDefaultsButNotOverWhatTheClientNeeds() {
    KafkaClientFactory f = factory(Map.of("streams.producer.linger.ms", "20", "streams.consumer.isolation.level",
        "read_uncommitted", "streams.admin.retries", "3", "streams.consumer.max.poll.records", "17"));
    assertThat(f.producerSettings(Map.of("linger.ms", 5), Map.of())).containsEntry("linger.ms", "20")
        .doesNotContainKeys("isolation.level", "retries", "max.poll.records");
    assertThat(f.consumerSettings(Map.of("max.poll.records", 1), Map.of("isolation.level", "read_committed")))
        .containsEntry("isolation.level", "read_committed").containsEntry("max.poll.records", "17")
        .doesNotContainKeys("linger.ms", "retries");
    assertThat(f.adminSettings(Map.of(), Map.of())).containsEntry("retries", "3").doesNotContainKeys("linger.ms");
  }

  @Test
  void secretsArePasswordValuesThatPrintHidden() {
    TickcastConfig c = TickcastConfig.of(Map.of("streams.sasl.jaas.config", JAAS, "streams.ssl.truststore.password",
        "s3cr3t-trust", "streams.producer.ssl.key.password", "s3cr3t-key",
        "streams.listener.name.x.scram-sha-256.sasl.jaas.config", JAAS, "streams.ssl.truststore.location", "/t"));
    Map<String, Object> p = c.streamsPassthrough();
    assertThat(p.get("sasl.jaas.config")).isInstanceOf(Password.class);
    assertThat(p.get("ssl.truststore.password")).isInstanceOf(Password.class);
    assertThat(p.get("producer.ssl.key.password")).isInstanceOf(Password.class);
    assertThat(p.get("listener.name.x.scram-sha-256.sasl.jaas.config")).isInstanceOf(Password.class);
    assertThat(p.get("ssl.truststore.location")).isEqualTo("/t");
    String printed = p + " " + KafkaClientFactory.of(c).producerSettings(Map.of(), Map.of())
        + " " + KafkaClientFactory.of(c).streamsProperties(new Properties());
    assertThat(printed).doesNotContain("s3cr3t").contains("[hidden]");
  }

  @Test
  void aRefusedLoginNamesTheSaslSettings() {
    String d = KafkaClientFactory.describeFailure(new ExecutionException(
        new SaslAuthenticationException("Authentication failed: Invalid username or password")));
    assertThat(d).startsWith("SaslAuthenticationException: Authentication failed: Invalid username or password")
        .contains("streams.sasl.jaas.config");
  }

  @Test
  void aFailedTlsHandshakeNamesTheSslSettings() {
    String d = KafkaClientFactory.describeFailure(new ExecutionException(new SslAuthenticationException("SSL handshake failed")));
    assertThat(d).startsWith("SslAuthenticationException: SSL handshake failed").contains("streams.ssl.truststore.location");
  }

  @Test
  void aTimeoutWithoutMessageIsNamedAndPointsAtTheBootstrapServersAndProtocol() {
    String d = KafkaClientFactory.describeFailure(new TimeoutException());
    assertThat(d).doesNotContain("null").startsWith("TimeoutException").contains("bootstrap.servers")
        .contains("streams.security.protocol");
  }

  @Test
  void aKeystoreThatCannotBeOpenedNamesTheKeystoreSettings() {
    KafkaException e = new KafkaException("Failed to create new KafkaAdminClient",
        new KafkaException("Failed to load SSL keystore /k.p12 of type PKCS12",
            new java.io.IOException("keystore password was incorrect")));
    assertThat(KafkaClientFactory.describeFailure(e)).contains("keystore password was incorrect")
        .contains("streams.ssl.keystore.password");
  }

  @Test
  void anyOtherFailureIsItsRootCausesClassAndMessage() {
    assertThat(KafkaClientFactory.describeFailure(new ExecutionException(new IllegalStateException("broken"))))
        .isEqualTo("IllegalStateException: broken");
  }
}

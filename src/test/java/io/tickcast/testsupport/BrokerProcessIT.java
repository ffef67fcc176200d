package io.tickcast.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The child-process broker: SIGKILL and restart keep acknowledged records; secured listeners demand their credentials. */
class BrokerProcessIT {

  @Test
  void recordsAcknowledgedBeforeSigkillAreThereAfterRestart() throws Exception {
    try (BrokerProcess broker = BrokerProcess.start()) {
      createTopic(broker.clientProperties(), "kept");
      send(broker.clientProperties(), "kept", "before-kill");
      long pid = broker.pid();

      broker.kill(); // throws unless the process ended with status 137 (SIGKILL)

      assertThat(broker.isAlive()).isFalse();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      broker.restart();
      assertThat(broker.pid()).isNotEqualTo(pid);
      send(broker.clientProperties(), "kept", "after-restart");
      List<ConsumerRecord<String, String>> got = TopicReader.readUntil(broker.clientProperties(), "kept",
          new StringDeserializer(), new StringDeserializer(), Duration.ofSeconds(60), r -> r.size() >= 2);
      assertThat(got).extracting(ConsumerRecord::value).containsExactly("before-kill", "after-restart");
    }
  }

  @Test
  void saslPlainListenerAcceptsItsUserAndRefusesAWrongPassword() throws Exception {
    try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.Listener.SASL_PLAINTEXT)) {
      assertThat(broker.clientSecurity()).containsEntry("security.protocol", "SASL_PLAINTEXT");
      createTopic(broker.clientProperties(), "sasl");
      send(broker.clientProperties(), "sasl", "hello");

      Map<String, Object> wrong = new HashMap<>(broker.clientProperties());
      wrong.put("sasl.jaas.config", BrokerProcess.plainJaas(BrokerProcess.SASL_USER, "not-the-password"));
      assertThatThrownBy(() -> describe(wrong)).hasCauseInstanceOf(SaslAuthenticationException.class);
      Map<String, Object> none = Map.of("bootstrap.servers", broker.bootstrapServers());
      assertThatThrownBy(() -> describe(none)).isInstanceOf(ExecutionException.class);
    }
  }

  @Test
  void sslListenerAcceptsTheTestCasClientCertificateAndRefusesAClientWithoutOne() throws Exception {
    try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.Listener.SSL)) {
      assertThat(broker.clientSecurity()).containsEntry("security.protocol", "SSL");
      createTopic(broker.clientProperties(), "tls");
      send(broker.clientProperties(), "tls", "hello");

      Map<String, Object> noCertificate = new HashMap<>(broker.clientProperties());
      noCertificate.keySet().removeIf(k -> k.startsWith("ssl.keystore") || k.equals("ssl.key.password"));
      assertThatThrownBy(() -> describe(noCertificate)).hasCauseInstanceOf(SslAuthenticationException.class);
    }
  }

  private static void describe(Map<String, Object> client) throws Exception {
    Map<String, Object> p = new HashMap<>(client);
    p.put("default.api.timeout.ms", "10000");
    p.put("request.timeout.ms", "5000");
    try (Admin admin = Admin.create(p)) {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000)).nodes().get();
    }
  }

  private static void createTopic(Map<String, Object> client, String topic) throws Exception {
    try (Admin admin = Admin.create(client)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
  }

  private static void send(Map<String, Object> client, String topic, String value) throws Exception {
    Map<String, Object> p = new HashMap<>(client);
    p.put("acks", "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", value)).get();
    }
  }
}

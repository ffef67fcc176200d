package io.tickcast.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.registry.RegistryConfig;
import io.tickcast.registry.SchemaRegistryClient;
import io.tickcast.schema.Tick;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The demo's embedded broker and registry: they start, keep their data across a restart, and refuse a second owner. */
class EmbeddedStackIT {

  @Test
  void brokerAndRegistryKeepTheirDataAcrossARestartInTheSameDirectory() throws Exception {
    Path dir = Files.createTempDirectory("tickcast-stack");
    int schemaId;
    try (EmbeddedStack stack = EmbeddedStack.start(dir, 0, 0, true, s -> { })) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
      try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
          stack.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
        p.send(new ProducerRecord<>("kept", "k", "v")).get(30, TimeUnit.SECONDS);
      }
      try (SchemaRegistryClient c = new SchemaRegistryClient(RegistryConfig.of(stack.registryUrl()))) {
        schemaId = c.register("kept-value", Tick.getClassSchema());
      }
    }
    try (EmbeddedStack stack = EmbeddedStack.start(dir, 0, 0, true, s -> { })) {
      try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
          stack.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
        TopicPartition tp = new TopicPartition("kept", 0);
        c.assign(Set.of(tp));
        c.seekToBeginning(Set.of(tp));
        var records = c.poll(Duration.ofSeconds(20));
        assertThat(records.records(tp)).extracting(r -> r.value()).containsExactly("v");
      }
      try (SchemaRegistryClient c = new SchemaRegistryClient(RegistryConfig.of(stack.registryUrl()))) {
        assertThat(c.register("kept-value", Tick.getClassSchema())).isEqualTo(schemaId);
        assertThat(c.getById(schemaId)).isEqualTo(Tick.getClassSchema());
      }
    }
  }

  @Test
  void aSecondOwnerOfTheDataDirectoryIsRefusedWithAClearMessage() throws Exception {
    Path dir = Files.createTempDirectory("tickcast-lock");
    try (InstanceLock first = InstanceLock.acquire(dir, "tickcast demo")) {
      // FileChannel locks are per process, so the second owner is simulated from another JVM by the
      // demo test; within one JVM the overlapping lock attempt is refused too.
      assertThatThrownBy(() -> InstanceLock.acquire(dir, "tickcast demo"))
          .isInstanceOf(Exception.class);
    }
    try (InstanceLock again = InstanceLock.acquire(dir, "tickcast demo")) {
      assertThat(Files.readString(dir.resolve(".lock"))).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }
  }
}

package io.tickcast.stream;

import io.tickcast.testsupport.TestInfrastructure;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same pipeline suite against container images: Apache Kafka's official KRaft image and
 * Apicurio Registry's official image (Confluent-compatible API under /apis/ccompat/v7). Where no
 * Docker engine is reachable, JUnit reports the whole class as skipped (disabledWithoutDocker).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerPipelineIT extends PipelineSuite {
  static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka:4.1.0");
  static final DockerImageName REGISTRY_IMAGE = DockerImageName.parse("apicurio/apicurio-registry-mem:2.6.13.Final");

  @Container
  static final KafkaContainer KAFKA = new KafkaContainer(KAFKA_IMAGE);

  @Container
  static final GenericContainer<?> REGISTRY = new GenericContainer<>(REGISTRY_IMAGE)
      .withExposedPorts(8080)
      .waitingFor(Wait.forHttp("/apis/ccompat/v7/subjects").forStatusCode(200));

  @Override
  protected TestInfrastructure infrastructure() {
    return new TestInfrastructure() {
      @Override
      public String bootstrapServers() {
        return KAFKA.getBootstrapServers();
      }

      @Override
      public String registryUrl() {
        return "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8080) + "/apis/ccompat/v7";
      }
    };
  }
}

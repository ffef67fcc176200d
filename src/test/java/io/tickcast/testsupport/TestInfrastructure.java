package io.tickcast.testsupport;

/**
 * Where an integration suite's broker and registry come from: in-process here, containers where a
 * Docker engine exists. The suite is written once against this.
 */
public interface TestInfrastructure {
  String bootstrapServers();

  String registryUrl();

  /** The in-process KRaft broker and the Apicurio child process shared by this JVM. */
  TestInfrastructure EMBEDDED = new TestInfrastructure() {
    @Override
    public String bootstrapServers() {
      return SharedKafka.bootstrapServers();
    }

    @Override
    public String registryUrl() {
      return SharedRegistry.url();
    }

    @Override
    public String toString() {
      return "in-process KRaft broker and Apicurio child process";
    }
  };
}

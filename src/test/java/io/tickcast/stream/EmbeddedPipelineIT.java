package io.tickcast.stream;

import io.tickcast.testsupport.TestInfrastructure;

/** The pipeline suite on the in-process KRaft broker and the Apicurio registry child process. */
class EmbeddedPipelineIT extends PipelineSuite {
  @Override
  protected TestInfrastructure infrastructure() {
    return TestInfrastructure.EMBEDDED;
  }
}

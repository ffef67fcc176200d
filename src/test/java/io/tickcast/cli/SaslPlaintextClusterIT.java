package io.tickcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.testsupport.BrokerProcess;
import io.tickcast.testsupport.SharedKafka;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every command against a SASL_PLAINTEXT (PLAIN) listener, configured only through streams.security.protocol and streams.sasl.*. */
class SaslPlaintextClusterIT extends SecuredClusterSuite {
  @Override
  BrokerProcess.Listener listener() {
    return BrokerProcess.Listener.SASL_PLAINTEXT;
  }

  @Override
  List<String> secrets(BrokerProcess broker) {
    return List.of(BrokerProcess.SASL_PASSWORD);
  }

  @Override
  Map.Entry<String, String> wrongSecret(BrokerProcess broker) {
    return Map.entry("sasl.jaas.config", BrokerProcess.plainJaas(BrokerProcess.SASL_USER, "wrong-password-4711"));
  }

  @Override
  String settingNamed() {
    return "sasl.jaas.config";
  }

  /**
   * Before, both printed only "error: cannot check or create topics: null", after a minute, with the
   * clients' warnings hidden. The admin client's own timeout is shortened here (5 s instead of the
   * 30 s the topic check waits) to keep the test short; the message is the same either way.
   */
  @Test
  void aClientThatGetsNoAnswerSaysSoNamesTheSettingsAndItsWarningsAreShown() throws Exception {
    Map<String, String> shortTimeout = Map.of("admin.default.api.timeout.ms", "5000", "admin.request.timeout.ms", "3000");
    // no security settings against the SASL listener: the broker drops the connection
    ChildResult noSecurity = finish("sasl_plaintext-no-security", command(List.of("simulate", "--ticks", "10"),
        settings(SharedKafka.unique("nosecurity"), shortTimeout, -1)), Map.of());
    assertThat(noSecurity.exit()).as(noSecurity.output()).isEqualTo(1);
    assertThat(noSecurity.output()).contains("error: cannot check or create topics: TimeoutException")
        .contains("bootstrap.servers").contains("streams.security.protocol").doesNotContain(": null");

    // nothing listens at the address: the client's own warning says so
    List<String> unreachable = settings(SharedKafka.unique("unreachable"), shortTimeout, -1);
    unreachable.addAll(List.of("--bootstrap-servers", "127.0.0.1:" + freePort()));
    ChildResult noBroker = finish("sasl_plaintext-no-broker", command(List.of("simulate", "--ticks", "10"), unreachable),
        Map.of());
    assertThat(noBroker.exit()).as(noBroker.output()).isEqualTo(1);
    assertThat(noBroker.output()).contains("error: cannot check or create topics: TimeoutException")
        .containsPattern("WARN .*NetworkClient - .*could not be established");
  }
}

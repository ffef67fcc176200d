package io.tickcast.cli;

import io.tickcast.testsupport.BrokerProcess;
import java.util.List;
import java.util.Map;

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
}

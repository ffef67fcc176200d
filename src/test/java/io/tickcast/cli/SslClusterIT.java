package io.tickcast.cli;

import io.tickcast.testsupport.BrokerProcess;
import java.util.List;
import java.util.Map;

/**
 * Every command against an SSL listener that requires client certificates (CA, broker and client
 * certificates made by the test with keytool), configured only through streams.security.protocol
 * and streams.ssl.*.
 */
class SslClusterIT extends SecuredClusterSuite {
  @Override
  BrokerProcess.Listener listener() {
    return BrokerProcess.Listener.SSL;
  }

  @Override
  List<String> secrets(BrokerProcess broker) {
    return List.of(broker.tls().storePassword());
  }

  @Override
  Map.Entry<String, String> wrongSecret(BrokerProcess broker) {
    return Map.entry("ssl.keystore.password", "wrong-password-4711");
  }

  @Override
  String settingNamed() {
    return "ssl.keystore.password";
  }
}

package io.tickcast.registry;

import io.tickcast.registry.RegistryConfig.KeyStoreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS context of a registry connection from the configured stores. */
final class RegistryTls {

  private RegistryTls() {}

  /** Empty when neither store is configured: the HTTP client then uses the JDK defaults. */
  static Optional<SSLContext> sslContext(RegistryConfig config) {
    if (config.trustStore().isEmpty() && config.keyStore().isEmpty()) {
      return Optional.empty();
    }
    try {
      TrustManagerFactory tmf = null;
      if (config.trustStore().isPresent()) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(config.trustStore().get()));
      }
      KeyManagerFactory kmf = null;
      if (config.keyStore().isPresent()) {
        KeyStoreSettings ks = config.keyStore().get();
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(ks), password(ks));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return Optional.of(context);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot set up TLS for schema registry " + config.url() + ": " + e, e);
    }
  }

  private static KeyStore load(KeyStoreSettings settings) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(settings.type() == null ? KeyStore.getDefaultType() : settings.type());
    try (InputStream in = Files.newInputStream(settings.path())) {
      store.load(in, password(settings));
    }
    return store;
  }

  private static char[] password(KeyStoreSettings settings) {
    return settings.password() == null ? null : settings.password().toCharArray();
  }
}

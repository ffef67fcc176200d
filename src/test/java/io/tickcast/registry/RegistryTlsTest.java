package io.tickcast.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS settings reach the connection: server trust from a trust store, client certificate from a key store. */
class RegistryTlsTest {

  private static final String PASSWORD = "changeit";

  @TempDir static Path dir;
  private static Path serverKeys;
  private static Path clientKeys;
  private static Path trustingServer;
  private static Path trustingClient;

  @BeforeAll
  static void makeCertificates() throws Exception {
    serverKeys = keyPair("server");
    clientKeys = keyPair("client");
    trustingServer = trustStoreOf("server", serverKeys);
    trustingClient = trustStoreOf("client", clientKeys);
  }

  @Test
  void registryCertificateIsTrustedThroughTheConfiguredTrustStore() throws Exception {
    HttpsServer server = httpsServer(false);
    try (SchemaRegistryClient client = new SchemaRegistryClient(
        RegistryConfig.builder(url(server)).trustStore(trustingServer, PASSWORD, "PKCS12").build())) {
      assertThat(client.getGlobalCompatibility()).isEqualTo("FULL");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void registryCertificateOutsideTheDefaultTrustIsRefused() throws Exception {
    HttpsServer server = httpsServer(false);
    try (SchemaRegistryClient client = new SchemaRegistryClient(
        RegistryConfig.builder(url(server)).maxRetryTime(Duration.ZERO).build())) {
      assertThatThrownBy(client::getGlobalCompatibility)
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining(url(server))
          .hasCauseInstanceOf(SSLHandshakeException.class);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void clientCertificateFromTheKeyStoreSatisfiesMutualTls() throws Exception {
    HttpsServer server = httpsServer(true);
    try (SchemaRegistryClient client = new SchemaRegistryClient(
        RegistryConfig.builder(url(server))
            .trustStore(trustingServer, PASSWORD, "PKCS12")
            .keyStore(clientKeys, PASSWORD, "PKCS12")
            .build())) {
      assertThat(client.getGlobalCompatibility()).isEqualTo("FULL");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void missingClientCertificateFailsMutualTls() throws Exception {
    HttpsServer server = httpsServer(true);
    try (SchemaRegistryClient client = new SchemaRegistryClient(
        RegistryConfig.builder(url(server)).trustStore(trustingServer, PASSWORD, "PKCS12")
            .maxRetryTime(Duration.ZERO).build())) {
      assertThatThrownBy(client::getGlobalCompatibility).isInstanceOf(RegistryException.class)
          .hasMessageContaining(url(server));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void unreadableTrustStoreIsReportedWhenTheClientIsCreated() {
    RegistryConfig config = RegistryConfig.builder("https://127.0.0.1:1")
        .trustStore(dir.resolve("missing.p12"), PASSWORD, "PKCS12").build();

    assertThatThrownBy(() -> new SchemaRegistryClient(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing.p12");
  }

  private static String url(HttpsServer server) {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  private static HttpsServer httpsServer(boolean needClientAuth) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load(serverKeys), PASSWORD.toCharArray());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load(trustingClient));
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        javax.net.ssl.SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
        ssl.setNeedClientAuth(needClientAuth);
        params.setSSLParameters(ssl);
      }
    });
    server.createContext("/", exchange -> {
      byte[] body = "{\"compatibilityLevel\":\"FULL\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }

  private static KeyStore load(Path path) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private static Path keyPair(String name) throws Exception {
    Path store = dir.resolve(name + "-keys.p12");
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=" + name, "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
    return store;
  }

  private static Path trustStoreOf(String name, Path keys) throws Exception {
    Path certificate = dir.resolve(name + ".cer");
    Path store = dir.resolve("trusting-" + name + ".p12");
    keytool("-exportcert", "-alias", name, "-keystore", keys.toString(), "-storepass", PASSWORD,
        "-file", certificate.toString());
    keytool("-importcert", "-noprompt", "-alias", name, "-file", certificate.toString(),
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD);
    return store;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + output);
    }
  }
}

package io.tickcast.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running as a child JVM
 * ({@code kafka.Kafka server.properties}), so a test can kill it with SIGKILL and restart it on the
 * same log directory and ports, and can give it a secured listener.
 *
 * <p>The child's classpath is the runtime dependencies of the packaged {@code tickcast.jar}, read
 * from its manifest (the build copies them to {@code target/lib} at {@code package}); so this works
 * in integration tests ({@code *IT}, after packaging), and stale jars of an earlier dependency version
 * left in {@code target/lib} are not picked up.
 *
 * <p>Lifecycle: {@link #start} formats the storage once and waits until a client with
 * {@link #clientProperties()} can describe the cluster; {@link #kill()} sends SIGKILL and waits for
 * the process to end; {@link #restart()} starts it again on the same directory and ports and waits
 * until ready; {@link #close()} stops it (SIGTERM, then SIGKILL) and deletes its directory. A JVM
 * shutdown hook kills a broker a test forgot to close. The broker's output is in
 * {@link #logFile()}.
 */
public final class BrokerProcess implements AutoCloseable {

  /** The security of the client listener; the controller listener is always PLAINTEXT. */
  public enum Listener { PLAINTEXT, SASL_PLAINTEXT, SSL }

  /** The SASL/PLAIN user that {@link #clientProperties()} authenticates as. */
  public static final String SASL_USER = "app";
  /** Its password. */
  public static final String SASL_PASSWORD = "app-secret";
  private static final String SASL_ADMIN_PASSWORD = "admin-secret";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Listener listener;
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final Path properties;
  private final Path log;
  private final List<String> classpath;
  private final TlsMaterial tls;
  private final Thread reaper;
  private Process process;
  private int starts;

  private BrokerProcess(Listener listener, Path dir, int port, int controllerPort, TlsMaterial tls) {
    this.listener = listener;
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.properties = dir.resolve("server.properties");
    this.log = dir.resolve("broker.log");
    this.classpath = runtimeClasspath();
    this.tls = tls;
    this.reaper = new Thread(() -> {
      Process p = process;
      if (p != null) {
        p.destroyForcibly();
      }
    }, "broker-process-reaper");
  }

  /** Starts a broker with a PLAINTEXT client listener. */
  public static BrokerProcess start() throws IOException, InterruptedException {
    return start(Listener.PLAINTEXT);
  }

  /** Starts a broker whose client listener has the given security, on free loopback ports; waits until ready. */
  public static BrokerProcess start(Listener listener) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("tickcast-broker-" + listener.name().toLowerCase() + "-");
    TlsMaterial tls = listener == Listener.SSL ? TlsMaterial.generate(dir.resolve("tls")) : null;
    BrokerProcess b = new BrokerProcess(listener, dir, freePort(), freePort(), tls);
    Runtime.getRuntime().addShutdownHook(b.reaper);
    try {
      b.writeServerProperties();
      b.format();
      b.launch();
    } catch (IOException | InterruptedException | RuntimeException e) {
      b.close();
      throw e;
    }
    return b;
  }

  public Listener listener() {
    return listener;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The broker's stdout and stderr (log4j at WARN, plus the startup line). */
  public Path logFile() {
    return log;
  }

  /** The client listener's security settings, without bootstrap.servers: what a client adds to connect. */
  public Map<String, String> clientSecurity() {
    Map<String, String> m = new LinkedHashMap<>();
    switch (listener) {
      case PLAINTEXT -> {
      }
      case SASL_PLAINTEXT -> {
        m.put("security.protocol", "SASL_PLAINTEXT");
        m.put("sasl.mechanism", "PLAIN");
        m.put("sasl.jaas.config", plainJaas(SASL_USER, SASL_PASSWORD));
      }
      case SSL -> {
        m.put("security.protocol", "SSL");
        m.put("ssl.truststore.location", tls.truststore().toString());
        m.put("ssl.truststore.password", tls.storePassword());
        m.put("ssl.truststore.type", "PKCS12");
        m.put("ssl.keystore.location", tls.clientKeystore().toString());
        m.put("ssl.keystore.password", tls.storePassword());
        m.put("ssl.key.password", tls.storePassword());
        m.put("ssl.keystore.type", "PKCS12");
      }
      default -> throw new IllegalStateException(listener.name());
    }
    return m;
  }

  /** bootstrap.servers plus {@link #clientSecurity()}: enough for any Kafka client to connect. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bootstrap.servers", bootstrapServers());
    m.putAll(clientSecurity());
    return m;
  }

  /** A {@code sasl.jaas.config} value for PLAIN with this user and password. */
  public static String plainJaas(String user, String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
        + "\" password=\"" + password + "\";";
  }

  /** The generated TLS files (SSL listener only). */
  public TlsMaterial tls() {
    if (tls == null) {
      throw new IllegalStateException("the broker's listener is " + listener + ", not SSL");
    }
    return tls;
  }

  /** The process id of the running broker JVM. */
  public long pid() {
    Process p = process;
    if (p == null) {
      throw new IllegalStateException("the broker is not running");
    }
    return p.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /**
   * SIGKILL: no shutdown hook, no clean close, no flush. Waits until the process has ended and checks
   * that it ended by SIGKILL (exit status 128 + 9 on Linux).
   */
  public void kill() throws InterruptedException {
    Process p = process;
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException("the broker is not running; log in " + log);
    }
    p.destroyForcibly(); // SIGKILL on Linux (ProcessHandleImpl.destroy0 with force)
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the broker did not end within 30 s of SIGKILL");
    }
    int status = p.exitValue();
    if (status != 128 + 9) {
      throw new IllegalStateException("the broker ended with status " + status + ", not by SIGKILL (137)");
    }
    process = null;
  }

  /** Starts the broker again on the same log directory and ports and waits until ready. */
  public void restart() throws IOException, InterruptedException {
    if (isAlive()) {
      throw new IllegalStateException("the broker is still running: kill() it first");
    }
    launch();
  }

  /** SIGTERM (the broker's clean shutdown), SIGKILL after 30 s; deletes the broker's directory. */
  @Override
  public void close() throws InterruptedException {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
    process = null;
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    deleteRecursively(dir);
  }

  private void writeServerProperties() throws IOException {
    Path logDir = dir.resolve("kafka-logs");
    Files.createDirectories(logDir);
    String protocol = listener.name();
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", protocol + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", protocol + "://127.0.0.1:" + port);
    p.put("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", protocol);
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.cleaner.backoff.ms", "1000");
    if (listener == Listener.SASL_PLAINTEXT) {
      p.put("sasl.enabled.mechanisms", "PLAIN");
      p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
      p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\""
              + SASL_ADMIN_PASSWORD + "\" user_admin=\"" + SASL_ADMIN_PASSWORD + "\" user_" + SASL_USER + "=\""
              + SASL_PASSWORD + "\";");
    } else if (listener == Listener.SSL) {
      p.put("ssl.keystore.location", tls.brokerKeystore().toString());
      p.put("ssl.keystore.password", tls.storePassword());
      p.put("ssl.key.password", tls.storePassword());
      p.put("ssl.keystore.type", "PKCS12");
      p.put("ssl.truststore.location", tls.truststore().toString());
      p.put("ssl.truststore.password", tls.storePassword());
      p.put("ssl.truststore.type", "PKCS12");
      // clients prove who they are with a certificate of the test CA, so client keystore settings matter too
      p.put("ssl.client.auth", "required");
    }
    try (var out = Files.newBufferedWriter(properties)) {
      p.store(out, "tickcast test broker (" + listener + ")");
    }
    Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
        "status = warn",
        "appender.out.type = Console",
        "appender.out.name = out",
        "appender.out.layout.type = PatternLayout",
        "appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5level [%t] %c{1} - %msg%n",
        "rootLogger.level = warn",
        "rootLogger.appenderRef.out.ref = out",
        ""));
  }

  private void format() throws IOException, InterruptedException {
    List<String> cmd = javaCommand("kafka.tools.StorageTool");
    cmd.addAll(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()));
    Path formatLog = dir.resolve("format.log");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(formatLog.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("formatting the broker storage did not end within 120 s; log in " + formatLog);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("formatting the broker storage failed with status " + p.exitValue() + ": "
          + Files.readString(formatLog));
    }
  }

  private void launch() throws IOException, InterruptedException {
    List<String> cmd = javaCommand("kafka.Kafka");
    cmd.add(properties.toString());
    starts++;
    Files.writeString(log, "---- start " + starts + " ----\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    awaitReady();
  }

  private List<String> javaCommand(String mainClass) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ChildProcess.java());
    cmd.add("-Xms64m");
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
    cmd.add("-cp");
    cmd.add(String.join(java.io.File.pathSeparator, classpath));
    cmd.add(mainClass);
    return cmd;
  }

  /** Until an admin client with the client settings can list the cluster's one node; fails early if the process died. */
  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Map<String, Object> props = clientProperties();
    props.put("request.timeout.ms", "3000");
    props.put("default.api.timeout.ms", "5000");
    Exception last = null;
    try (Admin admin = Admin.create(props)) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the broker exited with status " + process.exitValue() + " while starting: "
              + tail());
        }
        try {
          if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get().isEmpty()) {
            return;
          }
        } catch (ExecutionException e) {
          last = e;
        }
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("the broker was not ready within " + READY_TIMEOUT.toSeconds() + " s (last: "
        + (last == null ? "none" : last.getCause()) + "): " + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The runtime classpath of the packaged jar: its manifest's Class-Path, resolved against the jar's folder. */
  static List<String> runtimeClasspath() {
    Path jar = ChildProcess.jar().toAbsolutePath();
    try (JarFile jf = new JarFile(jar.toFile())) {
      Manifest m = jf.getManifest();
      String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
      if (cp == null || cp.isBlank()) {
        throw new IllegalStateException(jar + " has no Class-Path in its manifest");
      }
      List<String> entries = Stream.of(cp.trim().split("\\s+"))
          .map(e -> jar.getParent().resolve(e).toString()).collect(Collectors.toList());
      for (String e : entries) {
        if (!Files.exists(Path.of(e))) {
          throw new IllegalStateException(e + " (on " + jar + "'s Class-Path) does not exist: run mvn package first");
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest of " + jar, e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      System.err.println("broker process: could not delete " + dir + ": " + e);
    }
  }

  /**
   * A test CA, a broker certificate for 127.0.0.1/localhost and a client certificate, both signed by
   * the CA, in PKCS12 stores made with the JDK's {@code keytool}; one password for all of them.
   */
  public record TlsMaterial(Path truststore, Path brokerKeystore, Path clientKeystore, String storePassword) {

    static TlsMaterial generate(Path dir) throws IOException, InterruptedException {
      Files.createDirectories(dir);
      String pw = "test-store-" + Uuid.randomUuid().toString().substring(0, 8);
      Path ca = dir.resolve("ca.p12");
      Path caCert = dir.resolve("ca.pem");
      Path trust = dir.resolve("truststore.p12");
      keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
          "-dname", "CN=tickcast test CA", "-ext", "bc:c", "-keystore", ca.toString(), "-storetype", "PKCS12",
          "-storepass", pw, "-keypass", pw);
      keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", pw,
          "-file", caCert.toString());
      keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore",
          trust.toString(), "-storetype", "PKCS12", "-storepass", pw);
      Path broker = signed(dir, "broker", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost", ca, caCert, pw);
      Path client = signed(dir, "client", "CN=tickcast-test-client", null, ca, caCert, pw);
      return new TlsMaterial(trust, broker, client, pw);
    }

    private static Path signed(Path dir, String name, String dname, String san, Path ca, Path caCert, String pw)
        throws IOException, InterruptedException {
      Path store = dir.resolve(name + ".p12");
      Path csr = dir.resolve(name + ".csr");
      Path cert = dir.resolve(name + ".pem");
      keytool(dir, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
          "-dname", dname, "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", pw, "-keypass", pw);
      keytool(dir, "-certreq", "-alias", name, "-keystore", store.toString(), "-storepass", pw, "-file",
          csr.toString());
      List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
          "-storepass", pw, "-validity", "2", "-infile", csr.toString(), "-outfile", cert.toString()));
      if (san != null) {
        gencert.addAll(List.of("-ext", san));
      }
      keytool(dir, gencert.toArray(String[]::new));
      keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore",
          store.toString(), "-storepass", pw);
      keytool(dir, "-importcert", "-alias", name, "-file", cert.toString(), "-keystore", store.toString(),
          "-storepass", pw, "-keypass", pw);
      return store;
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
      }
    }
  }
}

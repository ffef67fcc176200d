package io.tickcast.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real schema registry (Apicurio Registry, Confluent API at {@code /apis/ccompat/v7}) running as
 * a child JVM, for tests and the demo.
 *
 * <h2>Lifecycle</h2>
 * {@link #start(Options)} launches the process bound to 127.0.0.1 only, waits until the Confluent
 * API answers, sets the global compatibility level (Apicurio's default is NONE; {@code BACKWARD}
 * unless the options say otherwise) and returns; it throws, with the tail of the server's log, if
 * the server exits or is not ready within the ready timeout. {@link #close()} stops the process:
 * SIGTERM, a grace period, then a forced kill; it is idempotent. A JVM shutdown hook does the same
 * if the owner never calls close, so the server dies with its owner (not on {@code kill -9} of the
 * owner). Storage is in memory unless a data directory is given: then a file-backed H2 database
 * in that directory keeps subjects and ids across restarts.
 */
public final class EmbeddedRegistryServer implements AutoCloseable {

  /** System property naming the directory the Apicurio distribution is unpacked in. */
  public static final String HOME_PROPERTY = "tickcast.apicurio.home";

  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final int START_ATTEMPTS_ON_PORT_CLASH = 3;

  private final Process process;
  private final int port;
  private final Path logFile;
  private final Path workDir;
  private final Thread shutdownHook;
  private boolean closed;

  private EmbeddedRegistryServer(Process process, int port, Path logFile, Path workDir) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
    this.workDir = workDir;
    this.shutdownHook = new Thread(() -> {
      stopProcess();
      deleteRecursively(workDir);
    }, "embedded-registry-shutdown-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a server and waits until it is ready; see the class comment. */
  public static EmbeddedRegistryServer start(Options options) {
    Objects.requireNonNull(options, "options");
    Path home = options.home().orElseGet(EmbeddedRegistryServer::defaultHome);
    Path jar = ApicurioCommand.runnerJar(home);
    for (int attempt = 1; ; attempt++) {
      int port = options.httpPort() == 0 ? freeLoopbackPort() : options.httpPort();
      try {
        return startOnce(options, home, jar, port);
      } catch (PortClash e) {
        // Another process took the free port between our probe and the server's bind.
        if (options.httpPort() != 0 || attempt >= START_ATTEMPTS_ON_PORT_CLASH) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }
    }
  }

  /** Base URL of the Confluent API: {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
  public String url() {
    return "http://127.0.0.1:" + port + ApicurioCommand.CCOMPAT_PATH;
  }

  public int port() {
    return port;
  }

  /** Process id of the server JVM. */
  public long pid() {
    return process.pid();
  }

  /** Where the server's console output goes. */
  public Path logFile() {
    return logFile;
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops the server and waits for it to exit. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or will run; stopping twice is harmless
    }
    stopProcess();
    deleteRecursively(workDir);
  }

  private void stopProcess() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static EmbeddedRegistryServer startOnce(Options options, Path home, Path jar, int port) {
    Path workDir;
    try {
      workDir = Files.createTempDirectory("tickcast-registry-");
      if (options.dataDir().isPresent()) {
        Files.createDirectories(options.dataDir().get());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the registry's directories: " + e, e);
    }
    Path log = options.logFile().orElse(workDir.resolve("apicurio.log"));
    List<String> command = ApicurioCommand.command(
        Path.of(System.getProperty("java.home"), "bin", "java"), jar, options.heap(), port, options.dataDir());
    Process process;
    try {
      process = new ProcessBuilder(command)
          .directory(workDir.toFile()) // stray files the server writes land here, not in the home
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      deleteRecursively(workDir);
      throw new UncheckedIOException("cannot start the registry server from " + home + ": " + e, e);
    }
    EmbeddedRegistryServer server = new EmbeddedRegistryServer(process, port, log, workDir);
    try {
      server.awaitReady(options.readyTimeout());
      options.compatibility().ifPresent(level -> {
        try (SchemaRegistryClient client = new SchemaRegistryClient(
            RegistryConfig.builder(server.url()).maxRetryTime(Duration.ofSeconds(10)).build())) {
          client.setGlobalCompatibility(level);
        }
      });
      return server;
    } catch (RuntimeException e) {
      String tail = server.logTail();
      server.close();
      if (tail.contains("seems to be in use") || tail.contains("Port already bound")
          || tail.contains("Address already in use")) {
        throw new PortClash("registry port " + port + " already in use:\n" + tail);
      }
      throw new IllegalStateException(e.getMessage() + "\n--- registry log (tail) ---\n" + tail, e);
    }
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/subjects"))
        .timeout(Duration.ofSeconds(2)).GET().build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("registry server exited with code " + process.exitValue() + " while starting");
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // expected while the server boots
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the registry server", e);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("registry server not ready at " + url() + " within " + timeout);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the registry server", e);
      }
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port: " + e, e);
    }
  }

  /** {@value #HOME_PROPERTY}, else {@code apicurio/} beside the running tickcast jar. */
  static Path defaultHome() {
    String property = System.getProperty(HOME_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    try {
      // From target/tickcast.jar or target/classes alike, the build unpacked it to target/apicurio.
      Path codeSource = Path.of(EmbeddedRegistryServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return codeSource.toAbsolutePath().getParent().resolve("apicurio");
    } catch (URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("cannot locate the Apicurio registry home; set -D" + HOME_PROPERTY, e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a temp directory left behind is not worth failing a shutdown for
    }
  }

  private static final class PortClash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortClash(String message) {
      super(message);
    }
  }

  /**
   * How to run the server. Immutable; start from {@link #defaults()} and change with the
   * {@code with...} methods.
   */
  public static final class Options {
    private final Path home;
    private final Path dataDir;
    private final int httpPort;
    private final String heap;
    private final Path logFile;
    private final Duration readyTimeout;
    private final String compatibility;

    private Options(Path home, Path dataDir, int httpPort, String heap, Path logFile, Duration readyTimeout,
        String compatibility) {
      this.home = home;
      this.dataDir = dataDir;
      this.httpPort = httpPort;
      this.heap = heap;
      this.logFile = logFile;
      this.readyTimeout = readyTimeout;
      this.compatibility = compatibility;
    }

    /**
     * Default home ({@value #HOME_PROPERTY} or beside the jar), in-memory storage, a free port,
     * 256m heap, log in a temporary directory removed on close, 60 s to get ready, BACKWARD.
     */
    public static Options defaults() {
      return new Options(null, null, 0, "256m", null, Duration.ofSeconds(60), "BACKWARD");
    }

    /** Directory holding the unpacked Apicurio distribution. */
    public Options withHome(Path home) {
      return new Options(Objects.requireNonNull(home), dataDir, httpPort, heap, logFile, readyTimeout, compatibility);
    }

    /** File-backed storage in this directory (created if absent); ids survive a restart. */
    public Options withDataDir(Path dataDir) {
      return new Options(home, Objects.requireNonNull(dataDir), httpPort, heap, logFile, readyTimeout, compatibility);
    }

    /** HTTP port on 127.0.0.1; 0 (the default) picks a free one. */
    public Options withHttpPort(int httpPort) {
      if (httpPort < 0 || httpPort > 65535) {
        throw new IllegalArgumentException("port out of range: " + httpPort);
      }
      return new Options(home, dataDir, httpPort, heap, logFile, readyTimeout, compatibility);
    }

    /** Maximum heap of the server JVM, in {@code -Xmx} syntax, e.g. {@code 256m}. */
    public Options withHeap(String heap) {
      if (!Objects.requireNonNull(heap).matches("\\d+[kKmMgG]?")) {
        throw new IllegalArgumentException("heap must look like 256m: " + heap);
      }
      return new Options(home, dataDir, httpPort, heap, logFile, readyTimeout, compatibility);
    }

    /** Appends the server's console output to this file, which outlives the server. */
    public Options withLogFile(Path logFile) {
      return new Options(home, dataDir, httpPort, heap, Objects.requireNonNull(logFile), readyTimeout, compatibility);
    }

    public Options withReadyTimeout(Duration readyTimeout) {
      if (readyTimeout.isNegative() || readyTimeout.isZero()) {
        throw new IllegalArgumentException("readyTimeout must be positive: " + readyTimeout);
      }
      return new Options(home, dataDir, httpPort, heap, logFile, readyTimeout, compatibility);
    }

    /** Global compatibility level set after start; null leaves the server's default (NONE). */
    public Options withCompatibility(String compatibility) {
      return new Options(home, dataDir, httpPort, heap, logFile, readyTimeout, compatibility);
    }

    public Optional<Path> home() {
      return Optional.ofNullable(home);
    }

    public Optional<Path> dataDir() {
      return Optional.ofNullable(dataDir);
    }

    public int httpPort() {
      return httpPort;
    }

    public String heap() {
      return heap;
    }

    public Optional<Path> logFile() {
      return Optional.ofNullable(logFile);
    }

    public Duration readyTimeout() {
      return readyTimeout;
    }

    public Optional<String> compatibility() {
      return Optional.ofNullable(compatibility);
    }
  }
}

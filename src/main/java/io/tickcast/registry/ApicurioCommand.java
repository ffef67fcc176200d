package io.tickcast.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The command line that runs Apicurio Registry's ready-to-run distribution (2.6: {@code
 * *-runner.jar} beside {@code lib/}; 3.x: {@code quarkus-run.jar}) bound to loopback only.
 */
final class ApicurioCommand {

  /** Path of the Confluent-compatible API on an Apicurio server. */
  static final String CCOMPAT_PATH = "/apis/ccompat/v7";

  private ApicurioCommand() {}

  /** The runnable jar in {@code home}; an explanation of what is wrong if there is none. */
  static Path runnerJar(Path home) {
    if (!Files.isDirectory(home)) {
      throw new IllegalStateException("Apicurio registry home " + home + " does not exist; build with 'mvn package'"
          + " (it unpacks the server to target/apicurio) or set -Dtickcast.apicurio.home");
    }
    Path quarkusRun = home.resolve("quarkus-run.jar");
    if (Files.isRegularFile(quarkusRun)) {
      return quarkusRun;
    }
    try (Stream<Path> files = Files.list(home)) {
      return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(
              "no Apicurio server jar (*-runner.jar or quarkus-run.jar) in " + home));
    } catch (IOException e) {
      throw new IllegalStateException("cannot list Apicurio registry home " + home + ": " + e, e);
    }
  }

  /**
   * The child JVM's command.
   *
   * @param dataDir directory of the file-backed H2 database; empty for in-memory storage
   */
  static List<String> command(Path java, Path runnerJar, String heap, int httpPort, Optional<Path> dataDir) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.add("-Xmx" + heap);
    // A small heap on a small machine: the serial collector needs no GC threads.
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Dquarkus.http.host=127.0.0.1");
    cmd.add("-Dquarkus.http.port=" + httpPort);
    // Apicurio 3.x has an always-on management interface (default 0.0.0.0:9000); 2.6 has none.
    cmd.add("-Dquarkus.management.host=127.0.0.1");
    cmd.add("-Dquarkus.management.port=0");
    // Narayana's default process id opens a loopback ServerSocket on a random port on the first
    // transaction, only to make its id unique; a UUID does that without a socket.
    cmd.add("-DCoreEnvironmentBean.processImplementationClassName=com.arjuna.ats.internal.arjuna.utils.UuidProcessId");
    dataDir.ifPresent(dir -> {
      String path = dir.toAbsolutePath().normalize().resolve("registry").toString();
      if (path.contains(";")) {
        throw new IllegalArgumentException("registry data directory must not contain ';' (H2 URL syntax): " + dir);
      }
      // 2.6 reads quarkus.datasource.jdbc.url, 3.x apicurio.datasource.url; each ignores the other.
      cmd.add("-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + path);
      cmd.add("-Dapicurio.datasource.url=jdbc:h2:file:" + path);
    });
    cmd.add("-jar");
    cmd.add(runnerJar.toString());
    return cmd;
  }
}

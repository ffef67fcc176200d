package io.tickcast.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApicurioCommandTest {

  private static final Path JAVA = Path.of("/jdk/bin/java");
  private static final Path JAR = Path.of("/home/apicurio/app-runner.jar");

  @Test
  void everyListenerIsBoundToLoopback() {
    List<String> cmd = ApicurioCommand.command(JAVA, JAR, "256m", 18081, Optional.empty());

    assertThat(cmd).contains("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=18081",
        "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=0");
    assertThat(cmd).noneMatch(arg -> arg.contains("0.0.0.0"));
  }

  @Test
  void narayanaUsesAUuidProcessIdInsteadOfASocket() {
    assertThat(ApicurioCommand.command(JAVA, JAR, "256m", 1, Optional.empty()))
        .contains("-DCoreEnvironmentBean.processImplementationClassName="
            + "com.arjuna.ats.internal.arjuna.utils.UuidProcessId");
  }

  @Test
  void withoutDataDirectoryStorageStaysInMemory() {
    assertThat(ApicurioCommand.command(JAVA, JAR, "256m", 1, Optional.empty()))
        .noneMatch(arg -> arg.contains("datasource"));
  }

  @Test
  void dataDirectorySelectsFileBackedH2There(@TempDir Path dir) {
    String expected = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("registry");

    assertThat(ApicurioCommand.command(JAVA, JAR, "256m", 1, Optional.of(dir)))
        .contains("-Dquarkus.datasource.jdbc.url=" + expected, "-Dapicurio.datasource.url=" + expected);
  }

  @Test
  void commandEndsWithTheJarAndStartsWithHeap() {
    List<String> cmd = ApicurioCommand.command(JAVA, JAR, "128m", 1, Optional.empty());

    assertThat(cmd.subList(0, 2)).containsExactly(JAVA.toString(), "-Xmx128m");
    assertThat(cmd.subList(cmd.size() - 2, cmd.size())).containsExactly("-jar", JAR.toString());
  }

  @Test
  void runnerJarOfTheTwoSixDistributionIsFound(@TempDir Path home) throws IOException {
    Files.createDirectory(home.resolve("lib"));
    Path jar = Files.createFile(home.resolve("apicurio-registry-app-2.6.13.Final-runner.jar"));

    assertThat(ApicurioCommand.runnerJar(home)).isEqualTo(jar);
  }

  @Test
  void quarkusRunJarOfTheThreeXDistributionIsFound(@TempDir Path home) throws IOException {
    Path jar = Files.createFile(home.resolve("quarkus-run.jar"));

    assertThat(ApicurioCommand.runnerJar(home)).isEqualTo(jar);
  }

  @Test
  void missingHomeIsExplained(@TempDir Path dir) {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> ApicurioCommand.runnerJar(missing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("tickcast.apicurio.home");
  }

  @Test
  void homeWithoutServerJarIsExplained(@TempDir Path home) {
    assertThatThrownBy(() -> ApicurioCommand.runnerJar(home))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runner.jar");
  }
}

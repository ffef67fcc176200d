package io.tickcast.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** docker-compose.yml, the Prometheus configuration and the Grafana files fit together and pass their own tools' checks. */
class DeploymentFilesTest {
  private static final Path COMPOSE = Path.of("docker-compose.yml");
  private static final Path PROMETHEUS = Path.of("prometheus", "prometheus.yml");

  record Run(int exit, String output) {}

  private static Run run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
    return new Run(p.exitValue(), out);
  }

  private static void assumeInstalled(String binary, String packageName) {
    Assumptions.assumeTrue(PrometheusScrapeIT.onPath(binary),
        binary + " is not installed (Debian package " + packageName + "; .ci/run installs it)");
  }

  @Test
  void dockerComposeAcceptsTheComposeFile() throws Exception {
    assumeInstalled("docker-compose", "docker-compose");
    Run r = run("docker-compose", "-f", COMPOSE.toString(), "config", "-q");
    assertThat(r.exit()).as("docker-compose config said:\n%s", r.output()).isZero();
  }

  @Test
  void promtoolAcceptsThePrometheusConfiguration() throws Exception {
    assumeInstalled("promtool", "prometheus");
    Run r = run("promtool", "check", "config", PROMETHEUS.toString());
    assertThat(r.exit()).as("promtool check config said:\n%s", r.output()).isZero();
  }

  @Test
  void theTrainerAlertRulesFireWhenAndOnlyWhenTheyShould() throws Exception {
    assumeInstalled("promtool", "prometheus");
    Path tests = PROMETHEUS.resolveSibling("alerts-test.yml");
    Run r = run("promtool", "test", "rules", tests.toString());
    assertThat(r.exit()).as("promtool test rules said:\n%s", r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
    assertThat(Files.readString(PROMETHEUS)).contains("alerts.yml");
    assertThat(Files.readString(COMPOSE)).as("the rules are mounted beside the configuration").contains("./prometheus/alerts.yml:");
  }

  @Test
  void everyScrapeTargetIsAComposeServiceServingHttp() throws Exception {
    assumeInstalled("docker-compose", "docker-compose");
    Run services = run("docker-compose", "-f", COMPOSE.toString(), "config", "--services");
    assertThat(services.exit()).isZero();
    Set<String> names = new TreeSet<>(List.of(services.output().trim().split("\\s+")));
    List<String> targets = new ArrayList<>();
    Matcher m = Pattern.compile("'([\\w.-]+):(\\d+)'").matcher(Files.readString(PROMETHEUS));
    while (m.find()) {
      if (!m.group(1).equals("localhost")) {
        targets.add(m.group(1));
      }
    }
    assertThat(targets).isNotEmpty();
    assertThat(names).containsAll(targets);
  }

  @Test
  void dashboardsUseTheProvisionedDatasource() throws Exception {
    String provisioned = Files.readString(Path.of("grafana", "provisioning", "datasources", "prometheus.yml"));
    Matcher uid = Pattern.compile("(?m)^\\s*uid:\\s*(\\S+)").matcher(provisioned);
    assertThat(uid.find()).isTrue();
    List<Path> dashboards;
    try (var files = Files.list(Path.of("grafana", "dashboards"))) {
      dashboards = files.filter(p -> p.toString().endsWith(".json")).toList();
    }
    assertThat(dashboards).isNotEmpty();
    for (Path d : dashboards) {
      List<String> uids = new ArrayList<>();
      Json.MAPPER.readTree(d.toFile()).findValues("datasource").forEach(ds -> uids.add(ds.path("uid").asText()));
      assertThat(uids).as("datasource uids in %s", d).isNotEmpty().containsOnly(uid.group(1));
    }
  }
}

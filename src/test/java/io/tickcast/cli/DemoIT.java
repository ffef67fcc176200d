package io.tickcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.testsupport.ChildProcess;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo as a user runs it: the built jar in its own JVM, on its embedded broker and registry. */
class DemoIT {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private int get(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private String body(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void theDemoPredictsEverySymbolServesItsEndpointsRefusesASecondCopyAndStopsCleanly() throws Exception {
    Path data = Files.createTempDirectory("tickcast-demo");
    int port = freePort();
    List<String> symbols = List.of("SIM00", "SIM01", "SIM02", "SIM03");
    try (ChildProcess demo = ChildProcess.start("demo", List.of("demo", "--duration", "70s", "--http-port", Integer.toString(port),
        "--data-dir", data.toString(), "--fresh", "--symbols", "4", "--rate", "100", "--train-every", "20s",
        "--summary-every", "2s"))) {
      String base = "http://127.0.0.1:" + port;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      boolean allServed = false;
      while (!allServed && System.nanoTime() < deadline && demo.process().isAlive()) {
        allServed = symbols.stream().allMatch(s -> get(base + "/forecast/" + s) == 200);
        if (!allServed) {
          Thread.sleep(500);
        }
      }
      assertThat(allServed).as("every simulated symbol has a prediction; demo output:%n%s", demo.output()).isTrue();
      assertThat(body(base + "/forecast/SIM02")).contains("\"symbol\":\"SIM02\"").contains("\"predictedPrice\"");
      assertThat(body(base + "/metrics")).contains("tickcast_predictions_total");
      assertThat(get(base + "/forecast/NOPE")).isEqualTo(404);

      try (ChildProcess second = ChildProcess.start("demo-second", List.of("demo", "--duration", "10s", "--http-port", "0",
          "--data-dir", data.toString()))) {
        assertThat(second.waitFor(60)).isEqualTo(1);
        assertThat(second.output()).contains("already running").contains(data.toString()).doesNotContain("BindException");
      }

      assertThat(demo.waitFor(150)).as("demo output:%n%s", demo.output()).isZero();
      String out = demo.output();
      assertThat(out).contains("Kafka ready on").contains("schema registry ready on").contains("symbols 4")
          .contains("stopped cleanly");
      // every meter registers: none refused for a tag set that differs from another of the same name
      assertThat(out).doesNotContain("registration has failed").doesNotContain("same set of tag keys");
    }
  }
}

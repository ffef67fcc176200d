package io.tickcast.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package arrows of DESIGN.md, checked on the sources: the math and the per-tick logic know
 * nothing of Kafka, and no package reaches into one above it. The packages added beside DESIGN.md's
 * (config, model, feed, embedded, backtest, schema) are placed in the same order; {@code slab} (the
 * byte-array accessors of the flat per-symbol state) is a leaf under everything that keeps state in it.
 */
class PackageBoundariesTest {
  private static final Path SOURCES = Path.of("src/main/java/io/tickcast");
  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.tickcast\\.([a-z]+)\\.");

  /** What each package may use, besides itself. */
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("slab", Set.of()),
      Map.entry("lstm", Set.of()),
      Map.entry("features", Set.of("lstm", "slab")),
      Map.entry("baseline", Set.of("slab")),
      Map.entry("forecast", Set.of("lstm", "features", "baseline", "slab")),
      Map.entry("registry", Set.of()),
      Map.entry("model", Set.of("lstm", "features", "forecast", "schema")),
      Map.entry("config", Set.of("features", "baseline", "forecast", "registry", "schema")),
      Map.entry("feed", Set.of("config", "schema")),
      Map.entry("embedded", Set.of("registry")),
      Map.entry("stream", Set.of("lstm", "features", "baseline", "forecast", "registry", "model", "config", "schema")),
      Map.entry("train", Set.of("lstm", "features", "baseline", "forecast", "registry", "model", "config", "schema", "feed")),
      Map.entry("backtest", Set.of("lstm", "features", "baseline", "forecast", "model", "config", "schema", "feed", "train")),
      Map.entry("bench", Set.of("lstm", "features", "baseline", "forecast", "registry", "model", "config", "schema", "stream",
          "feed", "embedded")),
      Map.entry("observe", Set.of("lstm", "features", "baseline", "forecast", "registry", "model", "config", "schema", "stream", "train")),
      Map.entry("cli", Set.of("lstm", "features", "baseline", "forecast", "registry", "model", "config", "schema", "stream", "train",
          "backtest", "feed", "embedded", "observe", "bench")));

  /** Packages that must not touch Kafka at all. */
  private static final Set<String> NO_KAFKA = Set.of("slab", "lstm", "features", "baseline", "forecast");

  @Test
  void everyPackageUsesOnlyThePackagesBelowIt() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg = SOURCES.relativize(file).getName(0).toString();
        assertThat(ALLOWED).as("package %s is placed in the layering", pkg).containsKey(pkg);
        String code = Files.readString(file);
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
          String used = m.group(1);
          if (!used.equals(pkg) && !ALLOWED.get(pkg).contains(used)) {
            violations.add(file + " uses io.tickcast." + used);
          }
        }
        if (NO_KAFKA.contains(pkg) && (code.contains("org.apache.kafka") || code.contains("org.apache.avro"))) {
          violations.add(file + " uses Kafka or Avro");
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}

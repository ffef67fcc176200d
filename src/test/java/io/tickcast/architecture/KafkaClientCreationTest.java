package io.tickcast.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Kafka client the product creates is made by {@code config.KafkaClientFactory}, so each gets
 * the same settings (security included): no other main source constructs one.
 */
class KafkaClientCreationTest {
  private static final Path SOURCES = Path.of("src/main/java/io/tickcast");
  private static final Path FACTORY = SOURCES.resolve("config/KafkaClientFactory.java");
  private static final Pattern CREATION = Pattern.compile(
      "new\\s+(KafkaProducer|KafkaConsumer|KafkaShareConsumer|KafkaStreams)\\s*[<(]|\\b(Admin|AdminClient)\\.create\\s*\\(");

  @Test
  void onlyTheClientFactoryConstructsKafkaClients() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          if (CREATION.matcher(lines.get(i)).find() && !file.equals(FACTORY)) {
            found.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertThat(found).isEmpty();
    assertThat(Files.readString(FACTORY)).containsPattern(CREATION);
  }
}

package io.tickcast.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the PromQL of Grafana dashboard JSON files, so that a new panel is tested without listing it anywhere. */
final class DashboardExpressions {
  private DashboardExpressions() {}

  /** Every target expression of every panel (rows' nested panels too), keyed "file / panel title / refId". */
  static Map<String, String> all(Path dashboards) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Path file : files(dashboards)) {
      JsonNode root = Json.MAPPER.readTree(file.toFile());
      collectPanels(file.getFileName().toString(), root.path("panels"), out);
    }
    return out;
  }

  private static void collectPanels(String file, JsonNode panels, Map<String, String> out) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText("");
        if (!expr.isBlank()) {
          out.put(file + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(), expr);
        }
      }
      collectPanels(file, panel.path("panels"), out);
    }
  }

  /** The queries of the dashboards' query variables (templating). */
  static List<String> variableQueries(Path dashboards) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path file : files(dashboards)) {
      for (JsonNode v : Json.MAPPER.readTree(file.toFile()).path("templating").path("list")) {
        if (v.path("type").asText().equals("query")) {
          JsonNode q = v.path("query");
          out.add(q.isObject() ? q.path("query").asText() : q.asText());
        }
      }
    }
    return out;
  }

  static String substitute(String expr, Map<String, String> variables) {
    String s = expr;
    for (Map.Entry<String, String> v : variables.entrySet()) {
      s = s.replace(v.getKey(), v.getValue());
    }
    if (s.contains("$")) {
      throw new IllegalArgumentException("unknown dashboard variable in " + expr);
    }
    return s;
  }

  private static List<Path> files(Path dashboards) throws IOException {
    try (Stream<Path> s = Files.list(dashboards)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}

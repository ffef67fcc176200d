package io.tickcast.backtest.html;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tickcast.backtest.BacktestReport;
import io.tickcast.feed.RawTick;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The backtest report as one self-contained HTML file: inline SVG charts, inline CSS, no script, no
 * fonts, images or links to fetch, so it opens offline (attached to an email, say). Five parts: the
 * price with the emitted forecast and interval for one symbol; the cumulative squared-error advantage
 * of every forecaster over naive; the interval's calibration; the forecast source over time; the
 * figures (rendered from {@link BacktestReport#toMap()}, the map the JSON is written from, so the two
 * agree) with the model's provenance.
 */
public final class HtmlReport {
  private static final Set<String> KNOWN_TOP_LEVEL = Set.of("overall", "symbols", "models");

  private HtmlReport() {}

  /** Writes the report to {@code file} (UTF-8). */
  public static void write(Path file, BacktestReport report, BacktestRecording recording, ReportContext context)
      throws IOException {
    Files.writeString(file, render(report, recording, context), StandardCharsets.UTF_8);
  }

  /** The symbol the price chart shows: the context's, else the one with the most walked ticks. */
  public static String chartSymbol(BacktestRecording recording, ReportContext context) {
    if (context.symbol() != null) {
      if (recording.count(context.symbol()) == 0) {
        throw new IllegalArgumentException("symbol " + context.symbol() + " has no walked ticks; symbols with walked ticks: "
            + recording.symbols());
      }
      return context.symbol();
    }
    return recording.busiestSymbol();
  }

  /** The report's HTML. */
  public static String render(BacktestReport report, BacktestRecording recording, ReportContext context) {
    BacktestCharts charts = new BacktestCharts(recording);
    String symbol = chartSymbol(recording, context);
    String fileName = Path.of(context.inputName()).getFileName().toString();
    StringBuilder sb = new StringBuilder(1 << 20);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>tickcast backtest: ").append(esc(fileName)).append("</title>\n<style>\n").append(CSS).append("</style>\n")
        .append("</head>\n<body>\n");
    sb.append("<header>\n<h1>Backtest report: ").append(esc(fileName)).append("</h1>\n")
        .append("<p class=\"meta\">Input <code>").append(esc(context.inputName())).append("</code>; made by <code id=\"command\">")
        .append(esc(context.commandLine())).append("</code> on ")
        .append(DateTimeFormatter.ISO_INSTANT.format(context.generated().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
        .append(".</p>\n<p class=\"meta\">Walk-forward: every forecast is made from the ticks before it, then scored against the next ")
        .append("price. <code>").append(BacktestReport.EMITTED).append("</code> is what the stream would have emitted, <code>")
        .append(BacktestReport.NAIVE).append("</code> the random walk. Times are UTC.</p>\n</header>\n");
    if (recording.size() == 0 || symbol == null) {
      sb.append("<p class=\"warning\">No tick was walked (too few ticks after the history split): there is nothing to chart.</p>\n");
    } else {
      section(sb, "price", "1. Price and forecast: " + symbol,
          charts.price(symbol).render() + charts.priceCloseUp(symbol).render());
      StringBuilder skill = new StringBuilder();
      for (SvgPlot p : charts.cumulativeSkill()) {
        skill.append(p.render());
      }
      section(sb, "skill", "2. Cumulative skill against naive", skill.toString());
      section(sb, "calibration", "3. Calibration of the interval",
          charts.rollingCoverage().render() + charts.coverageByWidth().render());
      section(sb, "sources", "4. Source of the emitted forecast", charts.sources().render());
    }
    section(sb, "figures", "5. Figures and model provenance", figures(report.toMap()) + provenance(report.toMap(), recording, context)
        + json(report.toMap()));
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  private static void section(StringBuilder sb, String id, String title, String body) {
    sb.append("<section id=\"").append(id).append("\">\n<h2>").append(esc(title)).append("</h2>\n").append(body)
        .append("</section>\n");
  }

  /** The key under which a forecaster's figures per horizon are ({@link io.tickcast.backtest.BacktestReport}). */
  private static final String HORIZONS = "horizons";

  @SuppressWarnings("unchecked")
  private static String figures(Map<String, Object> root) {
    StringBuilder sb = new StringBuilder();
    sb.append("<p>As in the console table and the JSON (<code>overall</code>, <code>symbols.&lt;S&gt;.&lt;forecaster&gt;")
        .append(".&lt;figure&gt;</code>); <code>skill</code> is 1 − mse_return / naive's. Numbers to 6 significant digits; ")
        .append("each cell's <code>data-value</code> holds the exact value.</p>\n");
    Map<String, Object> blocks = new LinkedHashMap<>();
    blocks.put("overall", root.get("overall"));
    Object symbols = root.get("symbols");
    if (symbols instanceof Map) {
      ((Map<String, Object>) symbols).forEach((s, b) -> blocks.put("symbols." + s, b));
    }
    for (Map.Entry<String, Object> block : blocks.entrySet()) {
      if (!(block.getValue() instanceof Map)) {
        continue;
      }
      Map<String, Object> byForecaster = (Map<String, Object>) block.getValue();
      Set<String> columns = new LinkedHashSet<>();
      byForecaster.values().forEach(v -> {
        if (v instanceof Map) {
          columns.addAll(((Map<String, Object>) v).keySet());
        }
      });
      columns.remove(HORIZONS);
      sb.append("<table class=\"figures\" data-block=\"").append(esc(block.getKey())).append("\">\n<caption>")
          .append(esc(block.getKey())).append("</caption>\n<thead><tr><th>forecaster</th>");
      for (String c : columns) {
        sb.append("<th>").append(esc(c)).append("</th>");
      }
      sb.append("</tr></thead>\n<tbody>\n");
      for (Map.Entry<String, Object> f : byForecaster.entrySet()) {
        sb.append("<tr data-forecaster=\"").append(esc(f.getKey())).append("\"><th>").append(esc(f.getKey())).append("</th>");
        Map<String, Object> figures = f.getValue() instanceof Map ? (Map<String, Object>) f.getValue() : Map.of();
        for (String c : columns) {
          sb.append(cell(c, figures.get(c)));
        }
        sb.append("</tr>\n");
      }
      sb.append("</tbody>\n</table>\n");
      sb.append(horizonsTable(block.getKey(), byForecaster));
    }
    for (Map.Entry<String, Object> e : root.entrySet()) {
      if (!KNOWN_TOP_LEVEL.contains(e.getKey())) {
        sb.append("<h3>").append(esc(e.getKey())).append("</h3>\n<pre>").append(esc(prettyJson(e.getValue()))).append("</pre>\n");
      }
    }
    return sb.toString();
  }

  /**
   * The figures of the forecasters scored per horizon ({@code <forecaster>.horizons.<h>}): one row
   * per forecaster and horizon; empty when the block has none.
   */
  @SuppressWarnings("unchecked")
  private static String horizonsTable(String block, Map<String, Object> byForecaster) {
    Set<String> columns = new LinkedHashSet<>();
    byForecaster.values().forEach(v -> {
      if (v instanceof Map && ((Map<String, Object>) v).get(HORIZONS) instanceof Map) {
        ((Map<String, Object>) ((Map<String, Object>) v).get(HORIZONS)).values().forEach(h -> {
          if (h instanceof Map) {
            columns.addAll(((Map<String, Object>) h).keySet());
          }
        });
      }
    });
    if (columns.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    sb.append("<table class=\"figures horizons\" data-block=\"").append(esc(block)).append("\">\n<caption>")
        .append(esc(block)).append(", by horizon (the price h ticks ahead; h = 1 repeats the figures above)</caption>\n")
        .append("<thead><tr><th>forecaster</th><th>h</th>");
    for (String c : columns) {
      sb.append("<th>").append(esc(c)).append("</th>");
    }
    sb.append("</tr></thead>\n<tbody>\n");
    for (Map.Entry<String, Object> f : byForecaster.entrySet()) {
      if (!(f.getValue() instanceof Map) || !(((Map<String, Object>) f.getValue()).get(HORIZONS) instanceof Map)) {
        continue;
      }
      Map<String, Object> byHorizon = (Map<String, Object>) ((Map<String, Object>) f.getValue()).get(HORIZONS);
      for (Map.Entry<String, Object> h : byHorizon.entrySet()) {
        Map<String, Object> figures = h.getValue() instanceof Map ? (Map<String, Object>) h.getValue() : Map.of();
        sb.append("<tr data-forecaster=\"").append(esc(f.getKey())).append("\" data-horizon=\"").append(esc(h.getKey()))
            .append("\"><th>").append(esc(f.getKey())).append("</th><th>").append(esc(h.getKey())).append("</th>");
        for (String c : columns) {
          sb.append(cell(c, figures.get(c)));
        }
        sb.append("</tr>\n");
      }
    }
    sb.append("</tbody>\n</table>\n");
    return sb.toString();
  }

  private static String cell(String key, Object v) {
    if (v == null) {
      return "<td data-key=\"" + esc(key) + "\" data-value=\"null\">n/a</td>";
    }
    String shown;
    if (v instanceof Double || v instanceof Float) {
      shown = Numbers.significant(((Number) v).doubleValue(), 6);
    } else if (v instanceof Number) {
      shown = String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    } else if (v instanceof Map || v instanceof List) {
      return "<td data-key=\"" + esc(key) + "\"><code>" + esc(prettyJson(v)) + "</code></td>";
    } else {
      return "<td class=\"text\" data-key=\"" + esc(key) + "\" data-value=\"" + esc(String.valueOf(v)) + "\">"
          + esc(String.valueOf(v)) + "</td>";
    }
    return "<td data-key=\"" + esc(key) + "\" data-value=\"" + esc(String.valueOf(v)) + "\">" + esc(shown) + "</td>";
  }

  @SuppressWarnings("unchecked")
  private static String provenance(Map<String, Object> root, BacktestRecording rec, ReportContext ctx) {
    StringBuilder sb = new StringBuilder("<h3>Models</h3>\n");
    Object models = root.get("models");
    if (models instanceof List && !((List<?>) models).isEmpty()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      Set<String> columns = new LinkedHashSet<>();
      for (Object o : (List<?>) models) {
        if (o instanceof Map) {
          rows.add((Map<String, Object>) o);
          columns.addAll(((Map<String, Object>) o).keySet());
        }
      }
      sb.append("<p>Each training round of the backtest (<code>at_tick</code> 0 is the initial training on the history); ")
          .append("<code>version</code> is the model served after it (0: the built-in default).</p>\n")
          .append("<table class=\"models\">\n<thead><tr>");
      for (String c : columns) {
        sb.append("<th>").append(esc(c)).append("</th>");
      }
      sb.append("</tr></thead>\n<tbody>\n");
      for (Map<String, Object> r : rows) {
        sb.append("<tr>");
        for (String c : columns) {
          sb.append(cell(c, r.get(c)));
        }
        sb.append("</tr>\n");
      }
      sb.append("</tbody>\n</table>\n");
    } else {
      sb.append("<p>No training round recorded.</p>\n");
    }
    // three settings a row: a long single column would dwarf everything else on the page
    sb.append("<h3>Training settings</h3>\n<table class=\"settings\">\n<tbody>\n<tr>");
    int i = 0;
    for (Map.Entry<String, String> e : ctx.trainingSettings().entrySet()) {
      if (i > 0 && i % 3 == 0) {
        sb.append("</tr>\n<tr>");
      }
      sb.append("<th>").append(esc(e.getKey())).append("</th><td class=\"text\">").append(esc(e.getValue())).append("</td>");
      i++;
    }
    sb.append("</tr>\n</tbody>\n</table>\n");
    sb.append("<h3>Data</h3>\n").append(dataRange(rec, ctx));
    return sb.toString();
  }

  /** Per symbol: input rows and range, the history the model was trained on, the walked test period. */
  private static String dataRange(BacktestRecording rec, ReportContext ctx) {
    Map<String, long[]> bySymbol = new LinkedHashMap<>(); // rows, first, last
    for (RawTick t : ctx.ticks()) {
      long[] a = bySymbol.computeIfAbsent(t.symbol(), s -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
      a[0]++;
      a[1] = Math.min(a[1], t.time());
      a[2] = Math.max(a[2], t.time());
    }
    Map<String, long[]> walked = new LinkedHashMap<>(); // count, last history time, first walked, last walked
    for (int i = 0; i < rec.size(); i++) {
      long[] a = walked.get(rec.symbol(i));
      if (a == null) {
        walked.put(rec.symbol(i), new long[] {1, rec.forecastTime(i), rec.time(i), rec.time(i)});
      } else {
        a[0]++;
        a[3] = rec.time(i);
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("<p>").append(String.format(Locale.ROOT, "%,d input rows of %d symbol(s) in <code>%s</code>; the interval's nominal level is %s.",
        ctx.ticks().size(), bySymbol.size(), esc(ctx.inputName()), BacktestCharts.percent(rec.intervalLevel(), 0)))
        .append("</p>\n<table class=\"data\">\n<thead><tr><th>symbol</th><th>input rows</th><th>first</th>")
        .append("<th>history (training) until</th><th>walked ticks</th><th>test period</th></tr></thead>\n<tbody>\n");
    for (Map.Entry<String, long[]> e : bySymbol.entrySet()) {
      long[] in = e.getValue();
      long[] w = walked.get(e.getKey());
      sb.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(String.format(Locale.ROOT, "%,d", in[0]))
          .append("</td><td>").append(Dates.iso(in[1])).append("</td><td>").append(w == null ? "n/a" : Dates.iso(w[1]))
          .append("</td><td>").append(w == null ? "0" : String.format(Locale.ROOT, "%,d", w[0])).append("</td><td>")
          .append(w == null ? "n/a" : Dates.iso(w[2]) + " to " + Dates.iso(w[3])).append("</td></tr>\n");
    }
    sb.append("</tbody>\n</table>\n");
    return sb.toString();
  }

  private static String json(Map<String, Object> root) {
    return "<details><summary>The report as JSON (as written by <code>--json</code>)</summary>\n<pre id=\"report-json\">"
        + esc(prettyJson(root)) + "</pre>\n</details>\n";
  }

  private static String prettyJson(Object o) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON: " + e.getMessage(), e);
    }
  }

  private static String esc(String s) {
    return SvgPlot.esc(s);
  }

  private static final String CSS = String.join("\n",
      "body { font-family: sans-serif; color: #111; background: #fff; max-width: 1120px; margin: 0 auto; padding: 16px; }",
      "h1 { font-size: 22px; margin: 8px 0; }",
      "h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #999; padding-bottom: 4px; }",
      "h3 { font-size: 15px; margin: 18px 0 6px; }",
      "p.meta { margin: 4px 0; font-size: 14px; }",
      "code { font-family: monospace; font-size: 13px; background: #f2f2f2; padding: 0 3px; overflow-wrap: anywhere; }",
      "svg.chart { display: block; max-width: 100%; height: auto; margin: 10px 0 18px; }",
      "table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }",
      "caption { text-align: left; font-weight: bold; padding: 4px 0; }",
      "th, td { border: 1px solid #bbb; padding: 3px 8px; }",
      "td { text-align: right; font-variant-numeric: tabular-nums; }",
      "td.text { text-align: left; }",
      "thead th { background: #eee; }",
      "tbody th { text-align: left; font-weight: normal; font-family: monospace; }",
      "pre { font-size: 12px; background: #f7f7f7; padding: 8px; overflow-x: auto; }",
      ".warning { font-weight: bold; }",
      "@media print { section { break-inside: avoid; } svg.chart { break-inside: avoid; } }",
      "");
}

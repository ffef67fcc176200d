package io.tickcast.backtest.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickcast.backtest.BacktestReport;
import io.tickcast.forecast.ForecastSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlReportTest {
  // AAA walks 8000 - floor(0.7 * 8000) = 2400 ticks (more than a chart draws), BBB 300
  private ReportFixture run;
  private String html;

  @BeforeAll
  void backtest() {
    run = new ReportFixture(8_000, 1_000);
    html = HtmlReport.render(run.report, run.recording, run.context(null));
  }

  private static List<String> svgs(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private Element svg(String id) throws Exception {
    for (String s : svgs(html)) {
      Element e = SvgDocs.parse(s);
      if (e.getAttribute("id").equals(id)) {
        return e;
      }
    }
    throw new AssertionError("no chart " + id);
  }

  @Test
  void theRecordingHoldsEveryScoredTickWithTheReportsForecasters() {
    assertThat(run.recording.size()).isEqualTo(run.report.overall(BacktestReport.NAIVE).count()).isEqualTo(2_400 + 300);
    assertThat(run.recording.count("AAA")).isEqualTo(run.report.symbol("AAA", BacktestReport.NAIVE).count());
    @SuppressWarnings("unchecked")
    Map<String, Object> overall = (Map<String, Object>) run.report.toMap().get("overall");
    // the normal-interval reference is the emitted point forecast with another interval: no forecast of its own
    assertThat(run.recording.forecasters()).containsExactlyElementsOf(
        overall.keySet().stream().filter(k -> !k.equals(BacktestReport.NORMAL_INTERVAL)).toList());
    assertThat(run.recording.intervalLevel()).isEqualTo(0.9);
  }

  @Test
  void theCumulativeAdvantageEndsAtCountTimesTheMseDifferenceOfTheReport() {
    Map<String, double[]> cum = new BacktestCharts(run.recording).cumulativeAdvantage();
    ForecastScoreView naive = new ForecastScoreView(BacktestReport.NAIVE);
    assertThat(cum.keySet()).doesNotContain(BacktestReport.NAIVE).contains(BacktestReport.EMITTED, "lstm_raw");
    for (Map.Entry<String, double[]> e : cum.entrySet()) {
      double[] c = e.getValue();
      ForecastScoreView f = new ForecastScoreView(e.getKey());
      double expected = f.count * (naive.mse - f.mse);
      assertThat(c[c.length - 1]).as(e.getKey()).isCloseTo(expected, within(1e-9 * f.count * naive.mse));
    }
  }

  /** A forecaster's overall figures as the report has them. */
  private final class ForecastScoreView {
    final long count;
    final double mse;

    ForecastScoreView(String forecaster) {
      count = run.report.overall(forecaster).count();
      mse = run.report.overall(forecaster).mseReturn();
    }
  }

  @Test
  void everyFigureOfTheJsonIsInTheTablesWithTheSameValue(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    run.report.writeJson(json);
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    Map<String, JsonNode> blocks = new java.util.LinkedHashMap<>();
    blocks.put("overall", root.get("overall"));
    root.get("symbols").fields().forEachRemaining(e -> blocks.put("symbols." + e.getKey(), e.getValue()));

    int cells = 0;
    int horizonCells = 0;
    for (Map.Entry<String, JsonNode> block : blocks.entrySet()) {
      Matcher table = Pattern.compile("<table class=\"figures\" data-block=\"" + Pattern.quote(block.getKey()) + "\">(.*?)</table>",
          Pattern.DOTALL).matcher(html);
      assertThat(table.find()).as("table %s", block.getKey()).isTrue();
      String body = table.group(1);
      var forecasters = block.getValue().fields();
      while (forecasters.hasNext()) {
        var f = forecasters.next();
        Matcher row = Pattern.compile("<tr data-forecaster=\"" + Pattern.quote(f.getKey()) + "\">(.*?)</tr>").matcher(body);
        assertThat(row.find()).as("row %s of %s", f.getKey(), block.getKey()).isTrue();
        var figures = f.getValue().fields();
        while (figures.hasNext()) {
          var figure = figures.next();
          if (figure.getKey().equals("horizons")) {
            horizonCells += assertHorizonsTable(block.getKey(), f.getKey(), figure.getValue());
            continue;
          }
          Matcher cell = Pattern.compile("<td data-key=\"" + Pattern.quote(figure.getKey()) + "\" data-value=\"([^\"]*)\">")
              .matcher(row.group(1));
          assertThat(cell.find()).as("%s.%s.%s", block.getKey(), f.getKey(), figure.getKey()).isTrue();
          if (figure.getValue().isNull()) {
            assertThat(cell.group(1)).isEqualTo("null");
          } else {
            assertThat(Double.parseDouble(cell.group(1))).as("%s.%s.%s", block.getKey(), f.getKey(), figure.getKey())
                .isEqualTo(figure.getValue().asDouble());
          }
          cells++;
        }
      }
    }
    // 3 blocks × 8 rows (7 forecasters and the normal-interval reference) × 6 point figures, plus the
    // 3 interval figures of the two rows that have an interval (lstm, lstm_normal_interval)
    assertThat(cells).isEqualTo(3 * (8 * 6 + 2 * 3));
    // 3 blocks × 5 forecasters scored per horizon × 3 horizons × 4 figures (count, mse_return,
    // rmse_price, skill), plus coverage for lstm's 3 horizons
    assertThat(horizonCells).isEqualTo(3 * (5 * 3 * 4 + 3));
    assertThat(html).contains("<pre id=\"report-json\">");
  }

  @Test
  void thePageHasTheFivePartsAndFetchesNothing() {
    for (String id : List.of("price", "skill", "calibration", "sources", "figures")) {
      assertThat(html).contains("<section id=\"" + id + "\">");
    }
    assertThat(html).doesNotContain("<script", "<link", "<img", "<iframe", "@import", " src=", "@font-face");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http:", "https:", "file:", "//www");
    assertThat(html.replace("url(#", "")).doesNotContain("url(");
    assertThat(html).contains("tickcast backtest --input data/ticks.csv --html r.html").contains("<h1>Backtest report: ticks.csv</h1>");
    assertThat(html).contains("Training settings").contains("<th>seed</th>");
  }

  @Test
  void everyChartIsWellFormedSvgAndThePriceChartIsDownsampledForTheBusiestSymbol() throws Exception {
    List<String> charts = svgs(html);
    assertThat(charts).hasSizeGreaterThanOrEqualTo(6);
    for (String s : charts) {
      SvgDocs.parse(s);
    }
    Element price = svg("price");
    assertThat(SvgDocs.first(price, "title", null, null).getTextContent()).startsWith("AAA:");
    Element priceLine = SvgDocs.first(price, "path", "data-series", "price");
    assertThat(SvgDocs.points(priceLine)).hasSize(BacktestCharts.MAX_POINTS);
    assertThat(priceLine.getAttribute("data-source-points")).isEqualTo(Integer.toString(run.recording.count("AAA")));
    assertThat(price.getTextContent()).contains("downsampled to 2,000 points");
    Element closeUp = svg("price-close-up");
    assertThat(SvgDocs.points(SvgDocs.first(closeUp, "path", "data-series", "price"))).hasSize(BacktestCharts.CLOSE_UP_TICKS);
    assertThat(closeUp.getTextContent()).contains("every point drawn");

    // every price and interval end lies inside the y axis
    Element yAxis = SvgDocs.first(price, "g", "class", "y-axis");
    double yMin = Double.parseDouble(yAxis.getAttribute("data-min"));
    double yMax = Double.parseDouble(yAxis.getAttribute("data-max"));
    for (int i = 0; i < run.recording.size(); i++) {
      if (run.recording.symbol(i).equals("AAA")) {
        assertThat(run.recording.price(i)).isBetween(yMin, yMax);
        assertThat(run.recording.intervalLow(i)).isBetween(yMin, yMax);
        assertThat(run.recording.intervalHigh(i)).isBetween(yMin, yMax);
      }
    }
  }

  @Test
  void theSkillChartHasOneLinePerForecasterButNaiveAndTheSourcesChartEverySource() throws Exception {
    Element skill = svg("cumulative-skill");
    List<String> lines = SvgDocs.find(skill, "path", "class", "series").stream().map(e -> e.getAttribute("data-series")).toList();
    List<String> expected = new ArrayList<>(run.recording.forecasters());
    expected.remove(BacktestReport.NAIVE);
    assertThat(lines).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(lines.get(i)).startsWith(expected.get(i) + " (end ");
    }
    Element sources = svg("sources");
    List<String> legend = SvgDocs.find(sources, "g", "class", "legend-entry").stream().map(e -> e.getAttribute("data-series")).toList();
    assertThat(legend).hasSize(ForecastSource.values().length);
    for (ForecastSource s : ForecastSource.values()) {
      assertThat(legend).anyMatch(l -> l.startsWith(s.name() + " "));
    }
    assertThat(SvgDocs.find(sources, "rect", null, null).stream().filter(r -> r.getAttribute("class").startsWith("source ")))
        .isNotEmpty();
    assertThat(SvgDocs.find(SvgDocs.first(sources, "g", "class", "y-axis"), "text", "class", "tick-label"))
        .extracting(Element::getTextContent).containsExactlyInAnyOrder("AAA", "BBB");
  }

  @Test
  void theCalibrationChartsShowTheNominalLevelAndTenDeciles() throws Exception {
    Element rolling = svg("coverage-rolling");
    assertThat(SvgDocs.first(rolling, "line", "data-series", "nominal 90%")).isNotNull();
    assertThat(SvgDocs.points(SvgDocs.first(rolling, "path", "class", "series")))
        .hasSize(Math.min(BacktestCharts.MAX_POINTS, run.recording.size() - new BacktestCharts(run.recording).coverageWindow() + 1));
    Element deciles = svg("coverage-by-width");
    assertThat(SvgDocs.find(deciles, "rect", "class", "bar")).hasSize(10);
    Element yAxis = SvgDocs.first(deciles, "g", "class", "y-axis");
    assertThat(Double.parseDouble(yAxis.getAttribute("data-min"))).isEqualTo(0);
    assertThat(Double.parseDouble(yAxis.getAttribute("data-max"))).isLessThanOrEqualTo(100);
  }

  @Test
  void aChosenSymbolIsChartedAndAnUnknownOneRefused() throws Exception {
    String other = HtmlReport.render(run.report, run.recording, run.context("BBB"));
    Element price = null;
    for (String s : svgs(other)) {
      Element e = SvgDocs.parse(s);
      if (e.getAttribute("id").equals("price")) {
        price = e;
      }
    }
    assertThat(price).isNotNull();
    assertThat(SvgDocs.first(price, "title", null, null).getTextContent()).startsWith("BBB:");
    assertThat(SvgDocs.points(SvgDocs.first(price, "path", "data-series", "price"))).hasSize(run.recording.count("BBB"));
    assertThatThrownBy(() -> HtmlReport.render(run.report, run.recording, run.context("ZZZ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ZZZ");
  }

  /** Checks every figure of {@code <forecaster>.horizons} against the block's table by horizon; returns the cells checked. */
  private int assertHorizonsTable(String block, String forecaster, JsonNode horizons) {
    Matcher table = Pattern.compile("<table class=\"figures horizons\" data-block=\"" + Pattern.quote(block) + "\">(.*?)</table>",
        Pattern.DOTALL).matcher(html);
    assertThat(table.find()).as("table by horizon of %s", block).isTrue();
    int cells = 0;
    var byHorizon = horizons.fields();
    while (byHorizon.hasNext()) {
      var h = byHorizon.next();
      Matcher row = Pattern.compile("<tr data-forecaster=\"" + Pattern.quote(forecaster) + "\" data-horizon=\""
          + Pattern.quote(h.getKey()) + "\">(.*?)</tr>").matcher(table.group(1));
      assertThat(row.find()).as("%s %s horizon %s", block, forecaster, h.getKey()).isTrue();
      var figures = h.getValue().fields();
      while (figures.hasNext()) {
        var figure = figures.next();
        Matcher cell = Pattern.compile("<td data-key=\"" + Pattern.quote(figure.getKey()) + "\" data-value=\"([^\"]*)\">")
            .matcher(row.group(1));
        assertThat(cell.find()).as("%s.%s.horizons.%s.%s", block, forecaster, h.getKey(), figure.getKey()).isTrue();
        if (figure.getValue().isNull()) {
          assertThat(cell.group(1)).isEqualTo("null");
        } else {
          assertThat(Double.parseDouble(cell.group(1))).isEqualTo(figure.getValue().asDouble());
        }
        cells++;
      }
    }
    return cells;
  }
}

package io.tickcast.backtest.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class SvgPlotTest {
  private static final long DAY = 86_400_000L;
  private static final long START = 1_400_000_000_000L;

  private static double[] days(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = START + i * DAY;
    }
    return x;
  }

  private static double[] walk(int n, long seed) {
    Random rnd = new Random(seed);
    double[] y = new double[n];
    y[0] = 2000;
    for (int i = 1; i < n; i++) {
      y[i] = y[i - 1] * Math.exp(0.01 * rnd.nextGaussian());
    }
    return y;
  }

  @Test
  void aLongLineIsDownsampledToTheLimitAndAShortOneDrawnWhole() throws Exception {
    double[] x = days(10_000);
    double[] price = walk(10_000, 1);
    double[] shortX = Arrays.copyOf(x, 500);
    double[] shortY = Arrays.copyOf(walk(10_000, 2), 500);
    Element svg = SvgDocs.parse(new SvgPlot("p", "prices", 300).maxPoints(2000)
        .line("long", x, price, SeriesStyle.line(0)).line("short", shortX, shortY, SeriesStyle.line(1)).render());

    Element longPath = SvgDocs.first(svg, "path", "data-series", "long");
    assertThat(SvgDocs.points(longPath)).hasSize(2000);
    assertThat(longPath.getAttribute("data-points")).isEqualTo("2000");
    assertThat(longPath.getAttribute("data-source-points")).isEqualTo("10000");
    assertThat(SvgDocs.points(SvgDocs.first(svg, "path", "data-series", "short"))).hasSize(500);
    assertThat(SvgDocs.find(svg, "g", "class", "legend-entry")).extracting(e -> e.getAttribute("data-series"))
        .containsExactly("long", "short");
  }

  @Test
  void aBandHasBothEdgesDownsampledAndIsClosed() throws Exception {
    double[] x = days(5_000);
    double[] mid = walk(5_000, 3);
    double[] lo = Arrays.stream(mid).map(v -> v * 0.98).toArray();
    double[] hi = Arrays.stream(mid).map(v -> v * 1.02).toArray();
    Element svg = SvgDocs.parse(new SvgPlot("b", "band", 300).maxPoints(1000)
        .band("interval", x, lo, hi, SeriesStyle.area(0)).render());
    Element band = SvgDocs.first(svg, "path", "class", "band");
    assertThat(SvgDocs.points(band)).hasSize(2000);
    assertThat(band.getAttribute("d")).startsWith("M").endsWith("Z");
  }

  @Test
  void theAxesContainTheDataAndEveryPointIsDrawnInsideThePlotArea() throws Exception {
    double[] x = days(3_000);
    double[] a = walk(3_000, 4);
    double[] b = Arrays.stream(walk(3_000, 5)).map(v -> -v / 7).toArray();
    SvgPlot plot = new SvgPlot("c", "two lines", 280).line("a", x, a, SeriesStyle.line(0)).line("b", x, b, SeriesStyle.line(1))
        .hline("reference", 0, SeriesStyle.line(2));
    Element svg = SvgDocs.parse(plot.render());

    double min = Math.min(Arrays.stream(a).min().orElseThrow(), Arrays.stream(b).min().orElseThrow());
    double max = Math.max(Arrays.stream(a).max().orElseThrow(), Arrays.stream(b).max().orElseThrow());
    Element yAxis = SvgDocs.first(svg, "g", "class", "y-axis");
    assertThat(Double.parseDouble(yAxis.getAttribute("data-min"))).isLessThanOrEqualTo(min);
    assertThat(Double.parseDouble(yAxis.getAttribute("data-max"))).isGreaterThanOrEqualTo(max);
    Element xAxis = SvgDocs.first(svg, "g", "class", "x-axis");
    assertThat(Double.parseDouble(xAxis.getAttribute("data-min"))).isLessThanOrEqualTo(x[0]);
    assertThat(Double.parseDouble(xAxis.getAttribute("data-max"))).isGreaterThanOrEqualTo(x[x.length - 1]);

    double[] area = SvgDocs.plotArea(svg);
    for (String series : List.of("a", "b")) {
      for (double[] p : SvgDocs.points(SvgDocs.first(svg, "path", "data-series", series))) {
        assertThat(p[0]).isBetween(area[0] - 0.06, area[1] + 0.06);
        assertThat(p[1]).isBetween(area[2] - 0.06, area[3] + 0.06);
      }
    }
    // the domain is widened to whole tick steps, no further
    double step = plot.yTicks().values()[1] - plot.yTicks().values()[0];
    assertThat(plot.yTicks().min()).isGreaterThan(min - step);
    assertThat(plot.yTicks().max()).isLessThan(max + step);
  }

  @Test
  void tickLabelsOfBothAxesAreSpacedApartAndDrawnWhereTheirValuesAre() throws Exception {
    SvgPlot plot = new SvgPlot("d", "spacing", 240).line("a", days(2_000), walk(2_000, 6), SeriesStyle.line(0));
    Element svg = SvgDocs.parse(plot.render());
    List<Element> xLabels = SvgDocs.find(SvgDocs.first(svg, "g", "class", "x-axis"), "text", "class", "tick-label");
    assertThat(xLabels).hasSizeGreaterThanOrEqualTo(3);
    for (int i = 1; i < xLabels.size(); i++) {
      double left = Double.parseDouble(xLabels.get(i - 1).getAttribute("x")) + LabelMetrics.width(xLabels.get(i - 1).getTextContent()) / 2;
      double right = Double.parseDouble(xLabels.get(i).getAttribute("x")) - LabelMetrics.width(xLabels.get(i).getTextContent()) / 2;
      assertThat(right - left).as("room between %s and %s", xLabels.get(i - 1).getTextContent(), xLabels.get(i).getTextContent())
          .isGreaterThanOrEqualTo(LabelMetrics.GAP_PX - 0.1);
    }
    List<Element> yLabels = SvgDocs.find(SvgDocs.first(svg, "g", "class", "y-axis"), "text", "class", "tick-label");
    for (int i = 1; i < yLabels.size(); i++) {
      double gap = Double.parseDouble(yLabels.get(i - 1).getAttribute("y")) - Double.parseDouble(yLabels.get(i).getAttribute("y"));
      assertThat(gap).isGreaterThanOrEqualTo(LabelMetrics.FONT_PX * 1.5);
    }
  }

  @Test
  void rowsAndBarsAreDrawnInTheirSlots() throws Exception {
    SvgPlot rows = new SvgPlot("r", "rows", 100).yRows(List.of("AAA", "BBB"));
    rows.rect("source", START, START + 10 * DAY, rows.rowBottom(0) + 0.15, rows.rowBottom(0) + 0.85, SeriesStyle.area(0));
    rows.rect("source", START, START + 10 * DAY, rows.rowBottom(1) + 0.15, rows.rowBottom(1) + 0.85, SeriesStyle.area(2));
    Element svg = SvgDocs.parse(rows.render());
    List<Element> rects = SvgDocs.find(svg, "rect", "class", "source");
    assertThat(rects).hasSize(2);
    assertThat(Double.parseDouble(rects.get(0).getAttribute("y"))).as("row 0 is on top")
        .isLessThan(Double.parseDouble(rects.get(1).getAttribute("y")));
    assertThat(rects.get(1).getAttribute("fill")).startsWith("url(#r-fill-diagonal");
    assertThat(SvgDocs.find(svg, "pattern", null, null)).isNotEmpty();
    assertThat(SvgDocs.find(SvgDocs.first(svg, "g", "class", "y-axis"), "text", "class", "tick-label"))
        .extracting(Element::getTextContent).containsExactly("BBB", "AAA");

    SvgPlot bars = new SvgPlot("q", "bars", 200).xCategories(List.of("1", "2", "3"), "decile").yClamp(0, 100);
    bars.bar(0, 80, "80%", SeriesStyle.area(1)).bar(1, 95, "95%", SeriesStyle.area(1)).bar(2, 100, "100%", SeriesStyle.area(1));
    Element barSvg = SvgDocs.parse(bars.render());
    assertThat(SvgDocs.find(barSvg, "rect", "class", "bar")).hasSize(3);
    assertThat(bars.yTicks().max()).isEqualTo(100);
    assertThat(bars.yTicks().min()).isEqualTo(0);
  }
}

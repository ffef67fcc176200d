package io.tickcast.backtest.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One chart as a standalone SVG element: a title and notes, a legend that wraps, a plot area with
 * grid, axes with nice ticks and titles, and marks (lines, bands, reference lines, rectangles, bars).
 * The x axis shows dates, numbers or categories; the y axis numbers or rows. Domains are computed
 * from the marks, so every mark lies inside its axes. Lines and bands are downsampled to at most
 * {@link #maxPoints} points each.
 *
 * <p>Elements carry classes and {@code data-} attributes (series name, point count, axis domain) for
 * tests and for readers of the source. Not thread-safe: build, render, discard.
 */
public final class SvgPlot {
  /** Kinds of x axis. */
  public enum XAxis { TIME, NUMBER, CATEGORIES }

  private static final int WIDTH = 1080;
  private static final int MARGIN_RIGHT = 36;
  private static final int MARGIN_BOTTOM = 56;
  private static final int LEGEND_ROW = 20;
  private static final int MAX_TICKS = 12;

  private final String id;
  private final String title;
  private final int plotHeight;
  private final List<String> notes = new ArrayList<>();
  private final List<Mark> marks = new ArrayList<>();
  private final List<LegendEntry> legend = new ArrayList<>();
  private XAxis xAxis = XAxis.TIME;
  private String xTitle = "time (UTC)";
  private List<String> xCategories = List.of();
  private String yTitle = "";
  private List<String> yRows;
  private int maxPoints = 2000;
  private double yFloor = Double.NEGATIVE_INFINITY;
  private double yCeiling = Double.POSITIVE_INFINITY;

  private AxisTicks xTicks;
  private AxisTicks yTicks;
  private int left;
  private int top;
  private int plotWidth;

  /**
   * @param id unique in the page: prefixes the SVG's internal ids
   * @param title the chart's title
   * @param plotHeight height of the plot area, px
   */
  public SvgPlot(String id, String title, int plotHeight) {
    this.id = id;
    this.title = title;
    this.plotHeight = plotHeight;
  }

  public SvgPlot note(String text) {
    notes.add(text);
    return this;
  }

  public SvgPlot xTime() {
    xAxis = XAxis.TIME;
    xTitle = "time (UTC)";
    return this;
  }

  public SvgPlot xCategories(List<String> names, String axisTitle) {
    xAxis = XAxis.CATEGORIES;
    xCategories = List.copyOf(names);
    xTitle = axisTitle;
    return this;
  }

  public SvgPlot xNumber(String axisTitle) {
    xAxis = XAxis.NUMBER;
    xTitle = axisTitle;
    return this;
  }

  public SvgPlot yTitle(String axisTitle) {
    yTitle = axisTitle;
    return this;
  }

  /** Clamps the y axis' nice domain to [floor, ceiling] (e.g. 0–100 for a percentage). */
  public SvgPlot yClamp(double floor, double ceiling) {
    yFloor = floor;
    yCeiling = ceiling;
    return this;
  }

  /** Rows instead of a numeric y axis: row i (from the top) spans y in [n-1-i, n-i]; see {@link #rowBottom}. */
  public SvgPlot yRows(List<String> names) {
    yRows = List.copyOf(names);
    return this;
  }

  /** The y value at the bottom of row {@code i} (row 0 is at the top). */
  public double rowBottom(int i) {
    return yRows.size() - 1 - i;
  }

  public SvgPlot maxPoints(int n) {
    maxPoints = n;
    return this;
  }

  public int maxPoints() {
    return maxPoints;
  }

  /** A line through the finite points of (x, y), downsampled; listed in the legend. */
  public SvgPlot line(String name, double[] x, double[] y, SeriesStyle style) {
    marks.add(new LineMark(name, finite(x, y), style, maxPoints));
    legend.add(new LegendEntry(name, style, false));
    return this;
  }

  /** A filled band between lo and hi, each edge downsampled on its own; listed in the legend. */
  public SvgPlot band(String name, double[] x, double[] lo, double[] hi, SeriesStyle style) {
    marks.add(new BandMark(name, finite(x, lo), finite(x, hi), style, maxPoints));
    legend.add(new LegendEntry(name, style, true));
    return this;
  }

  /** A horizontal reference line across the plot; listed in the legend. */
  public SvgPlot hline(String name, double y, SeriesStyle style) {
    marks.add(new HLineMark(name, y, style));
    legend.add(new LegendEntry(name, style, false));
    return this;
  }

  /** A rectangle in data units; not listed in the legend (see {@link #legendArea}). */
  public SvgPlot rect(String cssClass, double x0, double x1, double y0, double y1, SeriesStyle style) {
    marks.add(new RectMark(cssClass, x0, x1, y0, y1, style, null));
    return this;
  }

  /** A bar of category {@code i} from 0 to {@code value}, with {@code label} above it. */
  public SvgPlot bar(int i, double value, String label, SeriesStyle style) {
    marks.add(new RectMark("bar", i + 0.15, i + 0.85, 0, value, style, label));
    return this;
  }

  /** A legend entry for areas drawn with {@link #rect} or {@link #bar}. */
  public SvgPlot legendArea(String name, SeriesStyle style) {
    legend.add(new LegendEntry(name, style, true));
    return this;
  }

  /** Point counts of the lines after downsampling, by series name. */
  public java.util.Map<String, Integer> pointCounts() {
    java.util.Map<String, Integer> m = new java.util.LinkedHashMap<>();
    for (Mark mark : marks) {
      if (mark instanceof LineMark l) {
        m.put(l.name, l.points.x.length);
      }
    }
    return m;
  }

  /** The axes as drawn; valid after {@link #render}. */
  public AxisTicks xTicks() {
    return xTicks;
  }

  public AxisTicks yTicks() {
    return yTicks;
  }

  /** The chart as an {@code <svg>} element. */
  public String render() {
    Extent e = new Extent();
    for (Mark m : marks) {
      m.extend(e);
    }
    int legendRows = legendRows();
    top = 14 + 20 + 17 * notes.size() + LEGEND_ROW * legendRows + 14;
    int height = top + plotHeight + MARGIN_BOTTOM;

    if (yRows != null) {
      List<String> reversed = new ArrayList<>(yRows);
      java.util.Collections.reverse(reversed);
      yTicks = AxisTicks.categories(reversed);
    } else {
      double lo = e.yMin;
      double hi = e.yMax;
      yTicks = NiceTicks.numeric(lo, hi, plotHeight, false, MAX_TICKS);
      if (yTicks.min() < yFloor || yTicks.max() > yCeiling) {
        yTicks = clamp(yTicks);
      }
    }
    double widestY = 0;
    for (String l : yTicks.labels()) {
      widestY = Math.max(widestY, LabelMetrics.width(l));
    }
    left = (int) Math.ceil(Math.max(64, widestY + 8 + 30));
    plotWidth = WIDTH - left - MARGIN_RIGHT;
    switch (xAxis) {
      case CATEGORIES:
        xTicks = AxisTicks.categories(xCategories);
        break;
      case NUMBER:
        xTicks = NiceTicks.numeric(e.xMin, e.xMax, plotWidth, true, MAX_TICKS);
        break;
      default:
        xTicks = TimeTicks.time((long) Math.floor(e.xMin), (long) Math.ceil(e.xMax), plotWidth, MAX_TICKS);
    }

    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"").append(esc(id))
        .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" width=\"").append(WIDTH)
        .append("\" height=\"").append(height).append("\" role=\"img\" aria-labelledby=\"").append(esc(id))
        .append("-title\" font-family=\"sans-serif\" font-size=\"").append(fmt(LabelMetrics.FONT_PX)).append("\">\n");
    sb.append("<title id=\"").append(esc(id)).append("-title\">").append(esc(title)).append("</title>\n");
    defs(sb);
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    sb.append("<text class=\"chart-title\" x=\"").append(left).append("\" y=\"26\" font-size=\"15\" font-weight=\"bold\">")
        .append(esc(title)).append("</text>\n");
    for (int i = 0; i < notes.size(); i++) {
      sb.append("<text class=\"chart-note\" x=\"").append(left).append("\" y=\"").append(26 + 17 * (i + 1))
          .append("\" fill=\"#333333\">").append(esc(notes.get(i))).append("</text>\n");
    }
    legend(sb, 26 + 17 * notes.size() + 10);
    grid(sb);
    sb.append("<g class=\"marks\" clip-path=\"url(#").append(esc(id)).append("-clip)\">\n");
    for (Mark m : marks) {
      m.render(sb, this);
    }
    sb.append("</g>\n");
    axes(sb);
    sb.append("</svg>\n");
    return sb.toString();
  }

  private AxisTicks clamp(AxisTicks t) {
    double min = Math.max(t.min(), yFloor);
    double max = Math.min(t.max(), yCeiling);
    List<String> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    double[] v = t.values();
    for (int i = 0; i < v.length; i++) {
      if (v[i] >= min && v[i] <= max) {
        values.add(v[i]);
        labels.add(t.labels().get(i));
      }
    }
    return new AxisTicks(min, max, values.stream().mapToDouble(Double::doubleValue).toArray(), labels);
  }

  private void defs(StringBuilder sb) {
    sb.append("<defs>\n<clipPath id=\"").append(esc(id)).append("-clip\"><rect x=\"").append(left).append("\" y=\"")
        .append(top - 18).append("\" width=\"").append(plotWidth).append("\" height=\"").append(plotHeight + 19)
        .append("\"/></clipPath>\n");
    for (int i = 0; i < SeriesStyle.AREAS.size(); i++) {
      SeriesStyle s = SeriesStyle.AREAS.get(i);
      String pid = esc(id) + "-fill-" + s.fill().name().toLowerCase(Locale.ROOT) + "-" + s.color().substring(1);
      switch (s.fill()) {
        case DIAGONAL:
          sb.append("<pattern id=\"").append(pid).append("\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" ")
              .append("patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>")
              .append("<rect width=\"3\" height=\"6\" fill=\"").append(s.color()).append("\"/></pattern>\n");
          break;
        case CROSS:
          sb.append("<pattern id=\"").append(pid).append("\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">")
              .append("<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><path d=\"M0 0L6 6M6 0L0 6\" stroke=\"")
              .append(s.color()).append("\" stroke-width=\"1.4\"/></pattern>\n");
          break;
        case DOTS:
          sb.append("<pattern id=\"").append(pid).append("\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">")
              .append("<rect width=\"5\" height=\"5\" fill=\"#ffffff\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.5\" fill=\"")
              .append(s.color()).append("\"/></pattern>\n");
          break;
        default:
          break;
      }
    }
    sb.append("</defs>\n");
  }

  /** The fill attribute value of an area style. */
  String fillOf(SeriesStyle s) {
    switch (s.fill()) {
      case DIAGONAL:
      case CROSS:
      case DOTS:
        return "url(#" + esc(id) + "-fill-" + s.fill().name().toLowerCase(Locale.ROOT) + "-" + s.color().substring(1) + ")";
      case NONE:
        return "none";
      default:
        return s.color();
    }
  }

  private static double legendEntryWidth(LegendEntry l) {
    return 30 + 6 + LabelMetrics.width(l.name) + 20;
  }

  private int legendRows() {
    if (legend.isEmpty()) {
      return 0;
    }
    double avail = WIDTH - 100 - MARGIN_RIGHT;
    int rows = 1;
    double x = 0;
    for (LegendEntry l : legend) {
      double w = legendEntryWidth(l);
      if (x > 0 && x + w > avail) {
        rows++;
        x = 0;
      }
      x += w;
    }
    return rows;
  }

  private void legend(StringBuilder sb, int y0) {
    if (legend.isEmpty()) {
      return;
    }
    double avail = WIDTH - 100 - MARGIN_RIGHT;
    sb.append("<g class=\"legend\">\n");
    double x = 0;
    int row = 0;
    for (LegendEntry l : legend) {
      double w = legendEntryWidth(l);
      if (x > 0 && x + w > avail) {
        row++;
        x = 0;
      }
      double px = left + x;
      double py = y0 + row * LEGEND_ROW + 8;
      sb.append("<g class=\"legend-entry\" data-series=\"").append(esc(l.name)).append("\">");
      if (l.area) {
        sb.append("<rect x=\"").append(fmt(px)).append("\" y=\"").append(fmt(py - 7)).append("\" width=\"30\" height=\"12\" fill=\"")
            .append(fillOf(l.style)).append("\"").append(l.style.fill() == SeriesStyle.Fill.TRANSLUCENT ? " fill-opacity=\"0.25\"" : "")
            .append(" stroke=\"").append(l.style.color()).append("\" stroke-width=\"0.8\"/>");
      } else {
        sb.append("<line x1=\"").append(fmt(px)).append("\" y1=\"").append(fmt(py - 1)).append("\" x2=\"").append(fmt(px + 30))
            .append("\" y2=\"").append(fmt(py - 1)).append("\"").append(stroke(l.style)).append("/>");
      }
      sb.append("<text x=\"").append(fmt(px + 36)).append("\" y=\"").append(fmt(py + 3)).append("\">").append(esc(l.name))
          .append("</text></g>\n");
      x += w;
    }
    sb.append("</g>\n");
  }

  private void grid(StringBuilder sb) {
    sb.append("<g class=\"grid\" stroke=\"#e3e3e3\" stroke-width=\"1\">\n");
    if (yRows == null) {
      for (double v : yTicks.values()) {
        sb.append("<line x1=\"").append(left).append("\" x2=\"").append(left + plotWidth).append("\" y1=\"").append(fmt(py(v)))
            .append("\" y2=\"").append(fmt(py(v))).append("\"/>\n");
      }
    }
    if (xAxis != XAxis.CATEGORIES) {
      for (double v : xTicks.values()) {
        sb.append("<line y1=\"").append(top).append("\" y2=\"").append(top + plotHeight).append("\" x1=\"").append(fmt(px(v)))
            .append("\" x2=\"").append(fmt(px(v))).append("\"/>\n");
      }
    }
    sb.append("</g>\n");
  }

  private void axes(StringBuilder sb) {
    int bottom = top + plotHeight;
    sb.append("<g class=\"x-axis\" data-kind=\"").append(xAxis.name().toLowerCase(Locale.ROOT)).append("\" data-min=\"")
        .append(xTicks.min()).append("\" data-max=\"").append(xTicks.max()).append("\">\n");
    sb.append("<line x1=\"").append(left).append("\" x2=\"").append(left + plotWidth).append("\" y1=\"").append(bottom)
        .append("\" y2=\"").append(bottom).append("\" stroke=\"#000000\"/>\n");
    double[] xv = xTicks.values();
    for (int i = 0; i < xv.length; i++) {
      double x = px(xv[i]);
      String label = xTicks.labels().get(i);
      double half = LabelMetrics.width(label) / 2;
      double lx = Math.min(Math.max(x, half + 2), WIDTH - half - 2);
      sb.append("<line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(bottom)
          .append("\" y2=\"").append(bottom + 5).append("\" stroke=\"#000000\"/>");
      sb.append("<text class=\"tick-label\" x=\"").append(fmt(lx)).append("\" y=\"").append(bottom + 19)
          .append("\" text-anchor=\"middle\" data-value=\"").append(xv[i]).append("\">").append(esc(label)).append("</text>\n");
    }
    sb.append("<text class=\"axis-title\" x=\"").append(left + plotWidth / 2).append("\" y=\"").append(bottom + 44)
        .append("\" text-anchor=\"middle\">").append(esc(xTitle)).append("</text>\n</g>\n");

    sb.append("<g class=\"y-axis\" data-kind=\"").append(yRows == null ? "number" : "rows").append("\" data-min=\"")
        .append(yTicks.min()).append("\" data-max=\"").append(yTicks.max()).append("\">\n");
    sb.append("<line x1=\"").append(left).append("\" x2=\"").append(left).append("\" y1=\"").append(top).append("\" y2=\"")
        .append(bottom).append("\" stroke=\"#000000\"/>\n");
    double[] yv = yTicks.values();
    for (int i = 0; i < yv.length; i++) {
      double y = py(yv[i]);
      sb.append("<line x1=\"").append(left - 5).append("\" x2=\"").append(left).append("\" y1=\"").append(fmt(y))
          .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#000000\"/>");
      sb.append("<text class=\"tick-label\" x=\"").append(left - 8).append("\" y=\"").append(fmt(y + 4))
          .append("\" text-anchor=\"end\" data-value=\"").append(yv[i]).append("\">").append(esc(yTicks.labels().get(i)))
          .append("</text>\n");
    }
    if (!yTitle.isEmpty()) {
      double cy = top + plotHeight / 2.0;
      sb.append("<text class=\"axis-title\" x=\"16\" y=\"").append(fmt(cy)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 16 ")
          .append(fmt(cy)).append(")\">").append(esc(yTitle)).append("</text>\n");
    }
    sb.append("</g>\n");
  }

  double px(double x) {
    return left + (x - xTicks.min()) / (xTicks.max() - xTicks.min()) * plotWidth;
  }

  double py(double y) {
    return top + plotHeight - (y - yTicks.min()) / (yTicks.max() - yTicks.min()) * plotHeight;
  }

  static String stroke(SeriesStyle s) {
    return " fill=\"none\" stroke=\"" + s.color() + "\" stroke-width=\"" + fmt(s.width()) + "\""
        + (s.dash().isEmpty() ? "" : " stroke-dasharray=\"" + s.dash() + "\"") + " stroke-linejoin=\"round\"";
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Finite points only; a line or band edge has gaps bridged. */
  private static Points finite(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x and y differ in length: " + x.length + " and " + y.length);
    }
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        n++;
      }
    }
    double[] fx = new double[n];
    double[] fy = new double[n];
    int j = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        fx[j] = x[i];
        fy[j++] = y[i];
      }
    }
    return new Points(fx, fy);
  }

  private record Points(double[] x, double[] y) {
    Points downsampled(int maxPoints) {
      int[] keep = Downsampler.lttb(x, y, Math.max(3, maxPoints));
      if (keep.length == x.length) {
        return this;
      }
      double[] dx = new double[keep.length];
      double[] dy = new double[keep.length];
      for (int i = 0; i < keep.length; i++) {
        dx[i] = x[keep[i]];
        dy[i] = y[keep[i]];
      }
      return new Points(dx, dy);
    }

    void extend(Extent e) {
      for (int i = 0; i < x.length; i++) {
        e.x(x[i]);
        e.y(y[i]);
      }
    }
  }

  private record LegendEntry(String name, SeriesStyle style, boolean area) {}

  /** The data's bounding box. */
  private static final class Extent {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;

    void x(double v) {
      xMin = Math.min(xMin, v);
      xMax = Math.max(xMax, v);
    }

    void y(double v) {
      yMin = Math.min(yMin, v);
      yMax = Math.max(yMax, v);
    }
  }

  private interface Mark {
    void extend(Extent e);

    void render(StringBuilder sb, SvgPlot plot);
  }

  private static void path(StringBuilder sb, SvgPlot plot, Points p, boolean continueFrom) {
    for (int i = 0; i < p.x.length; i++) {
      sb.append(i == 0 && !continueFrom ? 'M' : 'L').append(fmt(plot.px(p.x[i]))).append(' ').append(fmt(plot.py(p.y[i])));
    }
  }

  private static final class LineMark implements Mark {
    final String name;
    final Points points;
    final int sourcePoints;
    final SeriesStyle style;

    LineMark(String name, Points all, SeriesStyle style, int maxPoints) {
      this.name = name;
      this.sourcePoints = all.x.length;
      this.points = all.downsampled(maxPoints);
      this.style = style;
    }

    @Override
    public void extend(Extent e) {
      points.extend(e);
    }

    @Override
    public void render(StringBuilder sb, SvgPlot plot) {
      if (points.x.length == 0) {
        return;
      }
      sb.append("<path class=\"series\" data-series=\"").append(esc(name)).append("\" data-points=\"").append(points.x.length)
          .append("\" data-source-points=\"").append(sourcePoints).append("\" d=\"");
      path(sb, plot, points, false);
      sb.append('"').append(stroke(style)).append("/>\n");
    }
  }

  private static final class BandMark implements Mark {
    final String name;
    final Points lo;
    final Points hi;
    final SeriesStyle style;

    BandMark(String name, Points lo, Points hi, SeriesStyle style, int maxPoints) {
      this.name = name;
      this.lo = lo.downsampled(maxPoints);
      this.hi = hi.downsampled(maxPoints);
      this.style = style;
    }

    @Override
    public void extend(Extent e) {
      lo.extend(e);
      hi.extend(e);
    }

    @Override
    public void render(StringBuilder sb, SvgPlot plot) {
      if (lo.x.length == 0 || hi.x.length == 0) {
        return;
      }
      sb.append("<path class=\"band\" data-series=\"").append(esc(name)).append("\" data-points=\"")
          .append(hi.x.length + lo.x.length).append("\" d=\"");
      path(sb, plot, hi, false);
      double[] rx = new double[lo.x.length];
      double[] ry = new double[lo.x.length];
      for (int i = 0; i < rx.length; i++) {
        rx[i] = lo.x[lo.x.length - 1 - i];
        ry[i] = lo.y[lo.y.length - 1 - i];
      }
      path(sb, plot, new Points(rx, ry), true);
      sb.append("Z\" fill=\"").append(plot.fillOf(style)).append('"')
          .append(style.fill() == SeriesStyle.Fill.TRANSLUCENT ? " fill-opacity=\"0.25\"" : "")
          .append(" stroke=\"").append(style.color()).append("\" stroke-width=\"0.6\" stroke-opacity=\"0.6\"/>\n");
    }
  }

  private static final class HLineMark implements Mark {
    final String name;
    final double y;
    final SeriesStyle style;

    HLineMark(String name, double y, SeriesStyle style) {
      this.name = name;
      this.y = y;
      this.style = style;
    }

    @Override
    public void extend(Extent e) {
      e.y(y);
    }

    @Override
    public void render(StringBuilder sb, SvgPlot plot) {
      sb.append("<line class=\"reference\" data-series=\"").append(esc(name)).append("\" x1=\"").append(plot.left)
          .append("\" x2=\"").append(plot.left + plot.plotWidth).append("\" y1=\"").append(fmt(plot.py(y))).append("\" y2=\"")
          .append(fmt(plot.py(y))).append('"').append(stroke(style)).append("/>\n");
    }
  }

  private static final class RectMark implements Mark {
    final String cssClass;
    final double x0;
    final double x1;
    final double y0;
    final double y1;
    final SeriesStyle style;
    final String label;

    RectMark(String cssClass, double x0, double x1, double y0, double y1, SeriesStyle style, String label) {
      this.cssClass = cssClass;
      this.x0 = Math.min(x0, x1);
      this.x1 = Math.max(x0, x1);
      this.y0 = Math.min(y0, y1);
      this.y1 = Math.max(y0, y1);
      this.style = style;
      this.label = label;
    }

    @Override
    public void extend(Extent e) {
      e.x(x0);
      e.x(x1);
      e.y(y0);
      e.y(y1);
    }

    @Override
    public void render(StringBuilder sb, SvgPlot plot) {
      double left = plot.px(x0);
      double width = Math.max(0.6, plot.px(x1) - left);
      double topPx = plot.py(y1);
      double height = Math.max(0.6, plot.py(y0) - topPx);
      sb.append("<rect class=\"").append(esc(cssClass)).append("\" x=\"").append(fmt(left)).append("\" y=\"").append(fmt(topPx))
          .append("\" width=\"").append(fmt(width)).append("\" height=\"").append(fmt(height)).append("\" fill=\"")
          .append(plot.fillOf(style)).append('"').append(label == null ? "" : " stroke=\"" + style.color() + "\"").append("/>");
      if (label != null) {
        // inside the bar's top when it is tall enough, so that no reference line crosses the label
        double ly = height >= 2 * LabelMetrics.FONT_PX ? topPx + LabelMetrics.FONT_PX + 4 : topPx - 5;
        sb.append("<text class=\"bar-label\" x=\"").append(fmt(left + width / 2)).append("\" y=\"").append(fmt(ly))
            .append("\" text-anchor=\"middle\">").append(esc(label)).append("</text>");
      }
      sb.append('\n');
    }
  }
}

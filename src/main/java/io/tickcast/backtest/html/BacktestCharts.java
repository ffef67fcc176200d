package io.tickcast.backtest.html;

import io.tickcast.backtest.BacktestReport;
import io.tickcast.forecast.ForecastSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The report's charts, built from a {@link BacktestRecording}. Forecaster names and forecast
 * sources are read from the recording and from {@link ForecastSource}, never listed here, so new
 * forecasters and sources appear without a change.
 */
public final class BacktestCharts {
  /** Points per line at most, after downsampling. */
  public static final int MAX_POINTS = 2000;
  /** Ticks shown in the close-up of the price chart. */
  public static final int CLOSE_UP_TICKS = 120;
  /** Symbols shown in the sources chart at most. */
  public static final int MAX_SOURCE_ROWS = 12;

  private final BacktestRecording rec;

  public BacktestCharts(BacktestRecording recording) {
    this.rec = recording;
  }

  private int[] indicesOf(String symbol) {
    return IntStream.range(0, rec.size()).filter(i -> rec.symbol(i).equals(symbol)).toArray();
  }

  private String levelPercent() {
    return percent(rec.intervalLevel(), 0);
  }

  /** Price, the emitted forecast of it and the emitted interval over the test period, downsampled. */
  public SvgPlot price(String symbol) {
    return priceOver(symbol, indicesOf(symbol), "price", false);
  }

  /** The last {@link #CLOSE_UP_TICKS} walked ticks of the symbol, every point drawn. */
  public SvgPlot priceCloseUp(String symbol) {
    int[] all = indicesOf(symbol);
    int[] last = Arrays.copyOfRange(all, Math.max(0, all.length - CLOSE_UP_TICKS), all.length);
    return priceOver(symbol, last, "price-close-up", true);
  }

  private SvgPlot priceOver(String symbol, int[] idx, String id, boolean closeUp) {
    double[] x = new double[idx.length];
    double[] price = new double[idx.length];
    double[] forecast = new double[idx.length];
    double[] lo = new double[idx.length];
    double[] hi = new double[idx.length];
    for (int k = 0; k < idx.length; k++) {
      int i = idx[k];
      x[k] = rec.time(i);
      price[k] = rec.price(i);
      forecast[k] = rec.lastPrice(i) * Math.exp(rec.forecastReturn(BacktestReport.EMITTED, i));
      lo[k] = rec.intervalLow(i);
      hi[k] = rec.intervalHigh(i);
    }
    String title = closeUp
        ? String.format(Locale.ROOT, "%s: the last %d walked ticks, close up", symbol, idx.length)
        : String.format(Locale.ROOT, "%s: price, emitted forecast and its %s interval over the test period", symbol, levelPercent());
    SvgPlot plot = new SvgPlot(id, title, closeUp ? 300 : 340).maxPoints(MAX_POINTS).yTitle("price (as in the input)");
    if (idx.length > 0) {
      String span = "from " + Dates.iso(rec.time(idx[0])) + " to " + Dates.iso(rec.time(idx[idx.length - 1]));
      plot.note(idx.length > MAX_POINTS
          ? String.format(Locale.ROOT, "%,d ticks %s, each line downsampled to %,d points (largest-triangle-three-buckets).",
              idx.length, span, MAX_POINTS)
          : String.format(Locale.ROOT, "%,d ticks %s, every point drawn.", idx.length, span));
    }
    plot.note("Each forecast is drawn at the time of the price it forecasts, made one tick before.");
    plot.band(levelPercent() + " interval (emitted)", x, lo, hi, new SeriesStyle("#0072B2", "", 0, SeriesStyle.Fill.TRANSLUCENT));
    // the price last, on top: where the forecast equals it, the price stays visible
    plot.line("emitted forecast (" + BacktestReport.EMITTED + ")", x, forecast, SeriesStyle.line(2));
    plot.line("price", x, price, SeriesStyle.line(0));
    return plot;
  }

  /** Every forecaster but naive, in report order. */
  private List<String> challengers() {
    List<String> out = new ArrayList<>(rec.forecasters());
    out.remove(BacktestReport.NAIVE);
    return out;
  }

  /** Cumulative (naive squared error − forecaster squared error) of the log-return, per forecaster, over all ticks. */
  public Map<String, double[]> cumulativeAdvantage() {
    Map<String, double[]> out = new java.util.LinkedHashMap<>();
    for (String f : challengers()) {
      double[] c = new double[rec.size()];
      double sum = 0;
      for (int i = 0; i < rec.size(); i++) {
        double r = rec.realizedReturn(i);
        double en = rec.forecastReturn(BacktestReport.NAIVE, i) - r;
        double ef = rec.forecastReturn(f, i) - r;
        if (Double.isFinite(ef)) {
          sum += en * en - ef * ef;
        }
        c[i] = sum;
      }
      out.put(f, c);
    }
    return out;
  }

  /** Sum of naive's squared log-return errors over all ticks. */
  private double naiveTotal() {
    double s = 0;
    for (int i = 0; i < rec.size(); i++) {
      double e = rec.forecastReturn(BacktestReport.NAIVE, i) - rec.realizedReturn(i);
      s += e * e;
    }
    return s;
  }

  /**
   * The cumulative advantage over naive of every forecaster, and a close-up of those within 10% of
   * naive's total when others are far off (they would flatten the contenders into one line).
   */
  public List<SvgPlot> cumulativeSkill() {
    Map<String, double[]> cum = cumulativeAdvantage();
    double[] x = IntStream.range(0, rec.size()).mapToDouble(rec::time).toArray();
    double naive = naiveTotal();
    List<String> names = challengers();
    List<String> close = new ArrayList<>();
    for (String f : names) {
      double[] c = cum.get(f);
      if (c.length > 0 && Math.abs(c[c.length - 1]) <= 0.1 * naive) {
        close.add(f);
      }
    }
    List<SvgPlot> plots = new ArrayList<>();
    plots.add(cumulativePlot("cumulative-skill", "Cumulative squared-error advantage over naive, every forecaster", names, cum, x));
    if (!close.isEmpty() && close.size() < names.size()) {
      plots.add(cumulativePlot("cumulative-skill-close-up",
          "The same, close up: forecasters within 10% of naive's total squared error", close, cum, x));
    }
    return plots;
  }

  private SvgPlot cumulativePlot(String id, String title, List<String> shown, Map<String, double[]> cum, double[] x) {
    SvgPlot plot = new SvgPlot(id, title, 320).maxPoints(MAX_POINTS)
        .yTitle("Σ (naive err² − err²), log-return²")
        .note(String.format(Locale.ROOT, "All %,d scored ticks of %d symbol(s) in walk order. Rising: beating naive; falling: "
            + "losing to it. The end value is count × (naive's mse_return − mse_return).", rec.size(), rec.symbols().size()));
    if (rec.size() > MAX_POINTS) {
      plot.note(String.format(Locale.ROOT, "Each line downsampled from %,d to %,d points (largest-triangle-three-buckets).",
          rec.size(), MAX_POINTS));
    }
    plot.hline("naive (zero)", 0, new SeriesStyle("#999999", "", 1, SeriesStyle.Fill.NONE));
    List<String> all = challengers();
    for (String f : shown) {
      double[] c = cum.get(f);
      String label = String.format(Locale.ROOT, "%s (end %s)", f, c.length == 0 ? "n/a" : Numbers.short3(c[c.length - 1]));
      plot.line(label, x, c, SeriesStyle.line(all.indexOf(f)));
    }
    return plot;
  }

  /** Window of the rolling coverage: a twentieth of the ticks, within [20, 500]. */
  public int coverageWindow() {
    return Math.max(20, Math.min(500, rec.size() / 20));
  }

  /** Rolling realized coverage of the emitted interval, in percent, and the nominal level. */
  public SvgPlot rollingCoverage() {
    int w = coverageWindow();
    int n = rec.size();
    int points = Math.max(0, n - w + 1);
    double[] x = new double[points];
    double[] y = new double[points];
    int inside = 0;
    int total = 0;
    for (int i = 0; i < n; i++) {
      if (rec.covered(i)) {
        inside++;
        total++;
      }
      if (i >= w && rec.covered(i - w)) {
        inside--;
      }
      if (i >= w - 1) {
        x[i - w + 1] = rec.time(i);
        y[i - w + 1] = 100.0 * inside / w;
      }
    }
    SvgPlot plot = new SvgPlot("coverage-rolling", String.format(Locale.ROOT,
        "Realized coverage of the emitted %s interval, rolling over %d ticks", levelPercent(), w), 280)
        .maxPoints(MAX_POINTS).yTitle("next prices inside the interval (%)").yClamp(0, 100)
        .note(String.format(Locale.ROOT, "Over the whole test period: %s of %,d next prices inside (nominal %s).",
            percent(n == 0 ? Double.NaN : (double) total / n, 1), n, levelPercent()));
    plot.hline("nominal " + levelPercent(), 100 * rec.intervalLevel(), SeriesStyle.line(2));
    plot.line("realized, rolling " + w + " ticks", x, y, SeriesStyle.line(0));
    return plot;
  }

  /** The emitted interval's hit rate in each decile of its width relative to the price. */
  public SvgPlot coverageByWidth() {
    int n = rec.size();
    Integer[] order = new Integer[n];
    double[] width = new double[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      width[i] = (rec.intervalHigh(i) - rec.intervalLow(i)) / rec.lastPrice(i);
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> width[i]));
    int deciles = n >= 10 ? 10 : 0;
    List<String> names = new ArrayList<>();
    double[] hit = new double[deciles];
    for (int d = 0; d < deciles; d++) {
      int from = (int) ((long) d * n / deciles);
      int to = (int) ((long) (d + 1) * n / deciles);
      int in = 0;
      for (int k = from; k < to; k++) {
        in += rec.covered(order[k]) ? 1 : 0;
      }
      hit[d] = 100.0 * in / (to - from);
      names.add(percent(width[order[(from + to - 1) / 2]], 2));
    }
    SvgPlot plot = new SvgPlot("coverage-by-width", "Interval hit rate by decile of predicted width", 260)
        .xCategories(names, "deciles of the interval's width relative to price, narrowest first (median width of each)")
        .yTitle("next prices inside (%)").yClamp(0, 100);
    plot.note(deciles == 0 ? "Fewer than 10 scored ticks: no deciles."
        : String.format(Locale.ROOT, "About %,d ticks per decile. A calibrated interval hits the nominal level in every decile.", n / 10));
    plot.hline("nominal " + levelPercent(), 100 * rec.intervalLevel(), SeriesStyle.line(2));
    SeriesStyle bars = SeriesStyle.area(1);
    for (int d = 0; d < deciles; d++) {
      plot.bar(d, hit[d], percent(hit[d] / 100, 1), bars);
    }
    plot.legendArea("realized hit rate", bars);
    return plot;
  }

  /** Which source produced each emitted forecast, one row per symbol, and each source's share. */
  public SvgPlot sources() {
    List<String> rows = rec.symbols();
    if (rows.size() > MAX_SOURCE_ROWS) {
      rows = rows.subList(0, MAX_SOURCE_ROWS);
    }
    SvgPlot plot = new SvgPlot("sources", "Source of the emitted forecast over time", Math.max(60, 32 * rows.size()))
        .yRows(rows);
    Map<ForecastSource, Integer> counts = new EnumMap<>(ForecastSource.class);
    for (int i = 0; i < rec.size(); i++) {
      if (rec.source(i) != null) {
        counts.merge(rec.source(i), 1, Integer::sum);
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      int[] idx = indicesOf(rows.get(r));
      double bottom = plot.rowBottom(r) + 0.15;
      int k = 0;
      while (k < idx.length) {
        ForecastSource s = rec.source(idx[k]);
        int end = k;
        while (end + 1 < idx.length && rec.source(idx[end + 1]) == s) {
          end++;
        }
        long x1 = end + 1 < idx.length ? rec.time(idx[end + 1]) : rec.time(idx[end]);
        if (s != null) {
          plot.rect("source source-" + s.name(), rec.time(idx[k]), x1, bottom, bottom + 0.7, SeriesStyle.area(s.ordinal()));
        }
        k = end + 1;
      }
    }
    plot.note(String.format(Locale.ROOT, "Each scored tick is coloured by the source of the forecast made for it; %,d ticks of %d symbol(s)%s.",
        rec.size(), rec.symbols().size(),
        rec.symbols().size() > rows.size() ? " (the first " + rows.size() + " shown)" : ""));
    for (ForecastSource s : ForecastSource.values()) {
      int c = counts.getOrDefault(s, 0);
      plot.legendArea(String.format(Locale.ROOT, "%s %s", s.name(), percent(rec.size() == 0 ? 0 : (double) c / rec.size(), 1)),
          SeriesStyle.area(s.ordinal()));
    }
    return plot;
  }

  static String percent(double share, int decimals) {
    if (!Double.isFinite(share)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * share);
  }
}

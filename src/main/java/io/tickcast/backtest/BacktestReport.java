package io.tickcast.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores per symbol and overall for every forecaster, plus what the backtest did (the models it
 * trained and used), as a table and as JSON shaped
 * {@code {"overall": {"lstm": {...}, ...}, "symbols": {"SYM": {...}}, "models": [...],
 * "diebold_mariano": {"emitted_vs_naive": {"overall": {...}, "symbols": {"SYM": {...}}}}}}.
 *
 * <p>{@code lstm} (the emitted forecast) also carries its interval's figures ({@link ForecastScore});
 * {@value #NORMAL_INTERVAL} is the same point forecast with the interval tickcast published before
 * the conformal band, {@code price·exp(r̂ ± z·σ)}, as a reference. {@code diebold_mariano} tests the
 * emitted forecast's squared log-return errors against naive's ({@link DieboldMariano}).
 */
public final class BacktestReport {
  /** Forecasters in report order: the emitted forecast, the raw LSTM, then the baselines. */
  public static final List<String> FORECASTERS = List.of("lstm", "lstm_raw", "naive", "sma", "ema", "kalman", "ar",
      "lstm_normal_interval");
  public static final String NAIVE = "naive";
  /** The forecaster the stream emits. */
  public static final String EMITTED = "lstm";
  /** The emitted forecast with the normal-quantile interval of before, as a reference for the calibrated one. */
  public static final String NORMAL_INTERVAL = "lstm_normal_interval";
  /** Forecasters scored at the horizons after the first (those the stream keeps per horizon). */
  public static final List<String> HORIZON_FORECASTERS = List.of("lstm", "lstm_raw", "naive", "ema", "ar");

  /** The horizons, horizon 1 first; the figures at 1 are the forecasters' top-level figures. */
  private final List<Integer> horizons;
  /** Per symbol, per horizon after the first, per forecaster of {@link #HORIZON_FORECASTERS}. */
  private final Map<String, Map<Integer, Map<String, ForecastScore>>> horizonScores = new TreeMap<>();

  /** A report of horizon 1 alone. */
  public BacktestReport() {
    this(List.of(1));
  }

  /** A report of these horizons, horizon 1 first. */
  public BacktestReport(List<Integer> horizons) {
    if (horizons.isEmpty() || horizons.get(0) != 1) {
      throw new IllegalArgumentException("the horizons start with 1: " + horizons);
    }
    this.horizons = List.copyOf(horizons);
  }

  public List<Integer> horizons() {
    return horizons;
  }

  /** Per symbol: the emitted forecast's squared log-return error minus naive's, tick by tick. */
  private final Map<String, DoubleSeries> emittedVsNaive = new TreeMap<>();

  private final Map<String, Map<String, ForecastScore>> symbols = new TreeMap<>();
  private final List<ModelUse> models = new ArrayList<>();

  /**
   * A training round of the backtest.
   *
   * @param atTick walked ticks before the round (0 for the initial training)
   * @param version the version in use after the round
   * @param released whether the round's challenger was taken
   */
  public record ModelUse(long atTick, int version, boolean released, double validationMse, double championMse,
      double naiveMse, int epochs, int trainingSequences, String verdict) {}

  ForecastScore score(String symbol, String forecaster) {
    return symbols.computeIfAbsent(symbol, s -> {
      Map<String, ForecastScore> m = new LinkedHashMap<>();
      for (String f : FORECASTERS) {
        m.put(f, new ForecastScore());
      }
      return m;
    }).get(forecaster);
  }

  /** A symbol's score of one forecaster at a horizon after the first. */
  ForecastScore score(String symbol, int horizon, String forecaster) {
    return horizonScores.computeIfAbsent(symbol, s -> new TreeMap<>()).computeIfAbsent(horizon, h -> {
      Map<String, ForecastScore> m = new LinkedHashMap<>();
      for (String f : HORIZON_FORECASTERS) {
        m.put(f, new ForecastScore());
      }
      return m;
    }).get(forecaster);
  }

  /**
   * A symbol's score of one forecaster at a horizon: at 1 its top-level score; after it, for the
   * forecasters of {@link #HORIZON_FORECASTERS}, the forecasts of the cumulative log-return over
   * that many ticks (an empty score before any was scored).
   */
  public ForecastScore symbol(String symbol, String forecaster, int horizon) {
    if (horizon == 1) {
      return symbol(symbol, forecaster);
    }
    requireHorizon(horizon, forecaster);
    ForecastScore s = horizonScores.getOrDefault(symbol, Map.of()).getOrDefault(horizon, Map.of()).get(forecaster);
    return s == null ? new ForecastScore() : s;
  }

  /** All symbols' scores of one forecaster at a horizon, pooled. */
  public ForecastScore overall(String forecaster, int horizon) {
    if (horizon == 1) {
      return overall(forecaster);
    }
    requireHorizon(horizon, forecaster);
    ForecastScore total = new ForecastScore();
    for (String s : symbols.keySet()) {
      total.add(symbol(s, forecaster, horizon));
    }
    return total;
  }

  private void requireHorizon(int horizon, String forecaster) {
    if (!horizons.contains(horizon) || !HORIZON_FORECASTERS.contains(forecaster)) {
      throw new IllegalArgumentException("no figures of " + forecaster + " at horizon " + horizon + " (horizons " + horizons
          + ", forecasters " + HORIZON_FORECASTERS + ")");
    }
  }

  /** Records one walked tick's loss differential, emitted minus naive squared log-return error. */
  void addDifferential(String symbol, double emittedMinusNaive) {
    emittedVsNaive.computeIfAbsent(symbol, s -> new DoubleSeries()).add(emittedMinusNaive);
  }

  /** Diebold–Mariano test of the emitted forecast against naive, all symbols pooled. */
  public DieboldMariano.Result dieboldMariano() {
    List<double[]> all = new ArrayList<>();
    for (DoubleSeries d : emittedVsNaive.values()) {
      all.add(d.toArray());
    }
    return DieboldMariano.test(all);
  }

  /** Diebold–Mariano test of the emitted forecast against naive on one symbol. */
  public DieboldMariano.Result dieboldMariano(String symbol) {
    DoubleSeries d = emittedVsNaive.get(symbol);
    return DieboldMariano.test(List.of(d == null ? new double[0] : d.toArray()));
  }

  void addModelUse(ModelUse use) {
    models.add(use);
  }

  public List<ModelUse> models() {
    return List.copyOf(models);
  }

  public List<String> symbols() {
    return List.copyOf(symbols.keySet());
  }

  /** A symbol's score of one forecaster. */
  public ForecastScore symbol(String symbol, String forecaster) {
    Map<String, ForecastScore> m = symbols.get(symbol);
    if (m == null) {
      throw new IllegalArgumentException("no such symbol in the report: " + symbol);
    }
    return m.get(forecaster);
  }

  /** All symbols' scores of one forecaster, pooled tick by tick. */
  public ForecastScore overall(String forecaster) {
    ForecastScore total = new ForecastScore();
    for (Map<String, ForecastScore> m : symbols.values()) {
      total.add(m.get(forecaster));
    }
    return total;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("overall", block((f, h) -> overall(f, h)));
    Map<String, Object> bySymbol = new LinkedHashMap<>();
    for (String s : symbols.keySet()) {
      bySymbol.put(s, block((f, h) -> symbol(s, f, h)));
    }
    root.put("symbols", bySymbol);
    List<Map<String, Object>> uses = new ArrayList<>();
    for (ModelUse u : models) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at_tick", u.atTick());
      m.put("version", u.version());
      m.put("released", u.released());
      m.put("validation_mse", finiteOrNull(u.validationMse()));
      m.put("champion_validation_mse", finiteOrNull(u.championMse()));
      m.put("naive_validation_mse", finiteOrNull(u.naiveMse()));
      m.put("epochs", u.epochs());
      m.put("training_sequences", u.trainingSequences());
      m.put("verdict", u.verdict());
      uses.add(m);
    }
    root.put("models", uses);
    Map<String, Object> dm = new LinkedHashMap<>();
    dm.put("overall", dmMap(dieboldMariano()));
    Map<String, Object> dmSymbols = new LinkedHashMap<>();
    for (String s : emittedVsNaive.keySet()) {
      dmSymbols.put(s, dmMap(dieboldMariano(s)));
    }
    dm.put("symbols", dmSymbols);
    root.put("diebold_mariano", Map.of("emitted_vs_naive", dm));
    return root;
  }

  private static Map<String, Object> dmMap(DieboldMariano.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("statistic", finiteOrNull(r.statistic()));
    m.put("p_value", finiteOrNull(r.pValue()));
    m.put("mean_loss_difference", finiteOrNull(r.meanDifferential()));
    m.put("lags", r.lags());
    m.put("n", r.n());
    return m;
  }

  /** A growable array of doubles. */
  private static final class DoubleSeries {
    private double[] values = new double[256];
    private int size;

    void add(double v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    double[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }

  /**
   * Every forecaster's figures; the forecasters scored per horizon also get {@code horizons}: one
   * entry per horizon, keyed by its ticks, horizon 1 repeating the top-level figures.
   */
  private Map<String, Object> block(java.util.function.BiFunction<String, Integer, ForecastScore> scores) {
    ForecastScore naive = scores.apply(NAIVE, 1);
    Map<String, Object> m = new LinkedHashMap<>();
    for (String f : FORECASTERS) {
      Map<String, Object> figures = scores.apply(f, 1).toMap(naive);
      if (HORIZON_FORECASTERS.contains(f)) {
        Map<String, Object> byHorizon = new LinkedHashMap<>();
        for (int h : horizons) {
          byHorizon.put(Integer.toString(h), scores.apply(f, h).toHorizonMap(scores.apply(NAIVE, h)));
        }
        figures.put("horizons", byHorizon);
      }
      m.put(f, figures);
    }
    return m;
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  public void writeJson(Path file) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toMap());
  }

  /** The readable table: one block per symbol, then the overall block. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    for (String s : symbols.keySet()) {
      appendBlock(sb, s, f -> symbol(s, f));
    }
    if (symbols.size() > 1) {
      appendBlock(sb, "overall", this::overall);
    }
    return sb.toString();
  }

  private static void appendBlock(StringBuilder sb, String title, java.util.function.Function<String, ForecastScore> scores) {
    ForecastScore naive = scores.apply(NAIVE);
    sb.append(String.format(Locale.ROOT, "%-8s %-20s %8s %13s %12s %12s %8s %8s %8s %10s %10s%n", title, "model", "count",
        "mse_return", "mae_price", "rmse_price", "hit_rate", "skill", "coverage", "width", "int_score"));
    for (String f : FORECASTERS) {
      ForecastScore s = scores.apply(f);
      sb.append(String.format(Locale.ROOT, "%-8s %-20s %8d %13.6e %12.6g %12.6g %8.4f %8.4f %8.4f %10.4g %10.4g%n", "", f,
          s.count(), s.mseReturn(), s.maePrice(), s.rmsePrice(), s.hitRate(), s.skill(naive), s.coverage(),
          s.meanWidth(), s.intervalScore()));
    }
  }
}

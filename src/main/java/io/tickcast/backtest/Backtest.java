package io.tickcast.backtest;

import io.tickcast.baseline.BaselineSettings;
import io.tickcast.feed.RawTick;
import io.tickcast.forecast.ForecastEngine;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.ForecastSource;
import io.tickcast.forecast.ForecastSettings;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.Horizons;
import io.tickcast.forecast.RejectReason;
import io.tickcast.forecast.StepResult;
import io.tickcast.model.ModelRefusedException;
import io.tickcast.model.ModelReleases;
import io.tickcast.schema.ModelRelease;
import io.tickcast.train.Candidate;
import io.tickcast.train.ChallengerTraining;
import io.tickcast.train.SymbolHistory;
import io.tickcast.train.TrainerSettings;
import io.tickcast.train.TrainingData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline walk-forward backtest, on the stream's own per-tick code ({@link ForecastEngine}).
 *
 * <p>For each symbol the first floor(trainFraction·n) valid ticks are history. A model is trained
 * on all histories pooled, exactly as the trainer trains from the topic ({@link ChallengerTraining}),
 * and taken only if it beats naive on its held-out slice, as the trainer would release it; otherwise
 * the built-in default model stays, as in the stream. Then every tick of every symbol, in event-time
 * order, goes through {@link ForecastEngine#step}: history ticks, stepped with the built-in default
 * model as the stream served them before the first release, only build up the state (features,
 * baselines, error figures, the combination's weights); the trained model takes over at each
 * symbol's first walked tick, re-warmed from the recent inputs as after a release; each later tick
 * first scores the
 * forecasts the symbol's previous step left (predict, then observe), then is stepped. {@code lstm}
 * scores what the stream emitted (fallback and warm-up included), {@code lstm_raw} the model's own
 * output. With {@code retrainEvery} &gt; 0 a challenger is trained every that many walked ticks on
 * everything seen so far, warm-started from the model in use, and swapped in when it wins; the
 * engine re-warms each symbol's state on its next tick.
 */
public final class Backtest {
  private static final Logger LOG = LoggerFactory.getLogger(Backtest.class);

  private final ForecastSettings forecastSettings;
  private final TrainerSettings trainerSettings;
  private final ChallengerTraining training = new ChallengerTraining();

  public Backtest(ForecastSettings forecastSettings, TrainerSettings trainerSettings) {
    if (!forecastSettings.features().equals(trainerSettings.featureSettings())) {
      throw new IllegalArgumentException("training and serving must normalise features alike");
    }
    this.forecastSettings = forecastSettings;
    this.trainerSettings = trainerSettings;
  }

  /** One symbol's valid ticks, split into history and the walked rest. */
  private record SymbolRun(String symbol, List<RawTick> ticks, int historySize) {}

  /** A tick of the merged walk. */
  private record Event(SymbolRun run, int index) {
    long time() {
      return run.ticks().get(index).time();
    }
  }

  /** What a symbol's previous step forecast, waiting to be scored by its next tick. */
  private static final class Pending {
    boolean present;
    double lastPrice;
    double emitted;
    double lstm;
    double intervalLow;
    double intervalHigh;
    /** The normal-quantile interval of earlier releases, the reference of {@link BacktestReport#NORMAL_INTERVAL}. */
    double normalLow;
    double normalHigh;
    final double[] baselines = new double[BaselineSettings.NAMES.length];
    // for the recorder only
    long time;
    double intervalLevel;
    ForecastSource source;

    WalkedTick walked(RawTick next) {
      Map<String, Double> forecasts = new LinkedHashMap<>();
      forecasts.put(BacktestReport.EMITTED, emitted);
      forecasts.put("lstm_raw", lstm);
      for (int i = 0; i < baselines.length; i++) {
        forecasts.put(BaselineSettings.NAMES[i], baselines[i]);
      }
      return new WalkedTick(next.symbol(), time, next.time(), lastPrice, next.price(),
          Collections.unmodifiableMap(forecasts), intervalLow, intervalHigh, intervalLevel, source);
    }
  }

  /**
   * The forecasts a symbol made for the horizons after the first, waiting to be scored: for horizon
   * h, slot {@code m mod h} holds the forecast of its m-th accepted tick, which its (m + h)-th scores.
   */
  private static final class HorizonQueue {
    private static final int PRESENT = 0;
    private static final int LAST_PRICE = 1;
    private static final int EMITTED = 2;
    private static final int LSTM = 3;
    private static final int AR = 4;
    private static final int EMA = 5;
    private static final int LOW = 6;
    private static final int HIGH = 7;
    private static final int ROW = 8;
    private final int[] horizons;
    private final double[][] rings;
    private long accepted;

    HorizonQueue(Horizons h) {
      horizons = h.toArray();
      rings = new double[horizons.length][];
      for (int i = 1; i < horizons.length; i++) {
        rings[i] = new double[horizons[i] * ROW];
      }
    }

    /** Scores, at an accepted tick, every forecast made h accepted ticks before it (before {@link #keep} records the tick's own). */
    void score(BacktestReport report, String symbol, double price, double level) {
      for (int i = 1; i < horizons.length; i++) {
        int h = horizons[i];
        int at = (int) (accepted % h) * ROW;
        double[] r = rings[i];
        if (r[at + PRESENT] == 0) {
          continue;
        }
        double last = r[at + LAST_PRICE];
        ForecastScore emitted = report.score(symbol, h, BacktestReport.EMITTED);
        emitted.score(r[at + EMITTED], last, price);
        emitted.scoreInterval(r[at + LOW], r[at + HIGH], level, last, price);
        report.score(symbol, h, "lstm_raw").score(r[at + LSTM], last, price);
        report.score(symbol, h, BacktestReport.NAIVE).score(0.0, last, price);
        report.score(symbol, h, "ar").score(r[at + AR], last, price);
        report.score(symbol, h, "ema").score(r[at + EMA], last, price);
      }
    }

    /** Keeps an accepted tick's forecasts (warm-up forecasts too, as horizon 1 scores them: naive's for every forecaster but EMA's level). */
    void keep(StepResult result) {
      for (int i = 1; i < horizons.length; i++) {
        StepResult.Horizon f = result.horizon(i);
        int at = (int) (accepted % horizons[i]) * ROW;
        double[] r = rings[i];
        r[at + PRESENT] = 1;
        r[at + LAST_PRICE] = result.lastPrice;
        r[at + EMITTED] = f.predictedReturn;
        r[at + LSTM] = orZero(f.lstmReturn);
        r[at + AR] = orZero(f.arReturn);
        r[at + EMA] = orZero(f.emaReturn);
        r[at + LOW] = f.intervalLow;
        r[at + HIGH] = f.intervalHigh;
      }
      accepted++;
    }

    private static double orZero(double v) {
      return Double.isNaN(v) ? 0.0 : v;
    }
  }

  /**
   * Runs the backtest.
   *
   * @param ticks rows in time order per symbol; invalid and out-of-order ticks are dropped as the stream drops them
   * @param trainFraction share of each symbol's ticks used as history, in (0, 1)
   * @param retrainEvery walked ticks between retrainings; 0 for none
   */
  public BacktestReport run(List<RawTick> ticks, double trainFraction, int retrainEvery) {
    return run(ticks, trainFraction, retrainEvery, BacktestRecorder.NONE);
  }

  /** Runs the backtest as {@link #run(List, double, int)}, handing every scored walked tick to {@code recorder}. */
  public BacktestReport run(List<RawTick> ticks, double trainFraction, int retrainEvery, BacktestRecorder recorder) {
    if (!(trainFraction > 0 && trainFraction < 1)) {
      throw new IllegalArgumentException("train fraction must be in (0, 1): " + trainFraction);
    }
    if (retrainEvery < 0) {
      throw new IllegalArgumentException("retrain interval must be >= 0: " + retrainEvery);
    }
    List<SymbolRun> runs = split(ticks, trainFraction);
    Horizons horizons = forecastSettings.quality().horizons();
    BacktestReport report = new BacktestReport(horizons.toList());

    List<SymbolHistory> histories = new ArrayList<>();
    for (SymbolRun r : runs) {
      histories.add(SymbolHistory.of(r.symbol(), r.ticks().subList(0, r.historySize())));
    }
    // The history is stepped with the built-in default model, as the stream would have served it
    // before the first release; the trained model takes over at the walk's start, re-warmed like a
    // released model. So no state figure (the combination's weights above all) has seen the
    // trained model on the ticks it was trained on.
    ForecastModel historyModel = ForecastModel.defaultModel(trainerSettings.modelName(), forecastSettings.features());
    ForecastModel model = retrain(histories, historyModel, 0, report);

    List<Event> events = new ArrayList<>();
    for (SymbolRun r : runs) {
      for (int i = 0; i < r.ticks().size(); i++) {
        events.add(new Event(r, i));
      }
    }
    // a stable sort keeps each symbol's own order; symbols interleave by event time as a stream would see them
    events.sort(Comparator.comparingLong(Event::time));

    ForecastEngine engine = new ForecastEngine(forecastSettings);
    Map<String, ForecastState> states = new LinkedHashMap<>();
    Map<String, Pending> pending = new LinkedHashMap<>();
    Map<String, HorizonQueue> horizonPending = new LinkedHashMap<>();
    StepResult result = new StepResult();
    long walked = 0;
    for (Event e : events) {
      RawTick t = e.run().ticks().get(e.index());
      ForecastState state = states.computeIfAbsent(t.symbol(), s -> engine.newState());
      Pending p = pending.computeIfAbsent(t.symbol(), s -> new Pending());
      HorizonQueue q = horizonPending.computeIfAbsent(t.symbol(), s -> new HorizonQueue(horizons));
      boolean walking = e.index() >= e.run().historySize();
      if (walking && p.present) {
        score(report, t.symbol(), p, t.price());
        report.score(t.symbol(), "lstm_raw").score(p.lstm, p.lastPrice, t.price());
        for (int i = 0; i < p.baselines.length; i++) {
          report.score(t.symbol(), BaselineSettings.NAMES[i]).score(p.baselines[i], p.lastPrice, t.price());
        }
        if (recorder != BacktestRecorder.NONE) {
          recorder.record(p.walked(t));
        }
      }
      engine.step(state, t.symbol(), t.time(), t.price(), t.volume(), walking ? model : historyModel, t.time(), result);
      p.present = result.outcome == StepResult.Outcome.ACCEPTED;
      if (p.present) {
        if (walking) {
          q.score(report, t.symbol(), t.price(), forecastSettings.intervalLevel());
        }
        q.keep(result);
        p.lastPrice = result.lastPrice;
        p.emitted = result.predictedReturn;
        p.lstm = result.lstmReturn;
        p.normalLow = result.normalIntervalLow;
        p.normalHigh = result.normalIntervalHigh;
        System.arraycopy(result.baselineReturns, 0, p.baselines, 0, p.baselines.length);
        p.time = t.time();
        p.intervalLow = result.intervalLow;
        p.intervalHigh = result.intervalHigh;
        p.intervalLevel = result.intervalLevel;
        p.source = result.source;
      }
      if (walking) {
        walked++;
        if (retrainEvery > 0 && walked % retrainEvery == 0) {
          model = retrain(seenSoFar(runs, e), model, walked, report);
        }
      }
    }
    return report;
  }

  /** Scores the emitted forecast, its interval, the normal-interval reference, and the loss differential against naive. */
  private void score(BacktestReport report, String symbol, Pending p, double price) {
    double level = forecastSettings.intervalLevel();
    ForecastScore emitted = report.score(symbol, "lstm");
    emitted.score(p.emitted, p.lastPrice, price);
    emitted.scoreInterval(p.intervalLow, p.intervalHigh, level, p.lastPrice, price);
    ForecastScore normal = report.score(symbol, BacktestReport.NORMAL_INTERVAL);
    normal.score(p.emitted, p.lastPrice, price);
    normal.scoreInterval(p.normalLow, p.normalHigh, level, p.lastPrice, price);
    double actual = Math.log(price / p.lastPrice);
    double naive = p.baselines[BaselineSettings.NAIVE];
    report.addDifferential(symbol, (p.emitted - actual) * (p.emitted - actual) - (naive - actual) * (naive - actual));
  }

  /** Trains a challenger and returns it if it wins, else the model in use. */
  private ForecastModel retrain(List<SymbolHistory> histories, ForecastModel current, long atTick, BacktestReport report) {
    TrainingData data = ChallengerTraining.data(histories, current, trainerSettings);
    Candidate c = training.train(data, current, trainerSettings);
    ForecastModel next = current;
    if (c.releasable()) {
      // through the release form, so the backtest serves exactly what an instance would accept
      ModelRelease release = ModelReleases.builder(trainerSettings.modelName(), current.version() + 1, c.model(),
          c.features(), c.horizons(), trainerSettings.featureSettings(), 0L)
          .setValidationMse(c.validationMse()).setNaiveValidationMse(c.naiveMse()).build();
      try {
        next = ModelReleases.toModel(release, forecastSettings.features());
      } catch (ModelRefusedException e) {
        throw new IllegalStateException("the backtest's own model was refused: " + e.getMessage(), e);
      }
    }
    LOG.info("backtest training at walked tick {}: {} ({} training sequences, {} epochs)", atTick, c.verdict(),
        data.train().size(), c.epochs());
    report.addModelUse(new BacktestReport.ModelUse(atTick, next.version(), c.releasable(), c.validationMse(),
        c.championMse(), c.naiveMse(), c.epochs(), data.train().size(), c.verdict()));
    return next;
  }

  /** Every symbol's ticks up to the walk's current event time. */
  private static List<SymbolHistory> seenSoFar(List<SymbolRun> runs, Event now) {
    List<SymbolHistory> out = new ArrayList<>();
    for (SymbolRun r : runs) {
      int n = 0;
      while (n < r.ticks().size() && (r.ticks().get(n).time() < now.time() || (r == now.run() && n <= now.index()))) {
        n++;
      }
      if (n > 1) {
        out.add(SymbolHistory.of(r.symbol(), r.ticks().subList(0, n)));
      }
    }
    return out;
  }

  /** Groups ticks by symbol in file order, keeps those the stream would accept, and sizes each history. */
  private List<SymbolRun> split(List<RawTick> ticks, double trainFraction) {
    ForecastEngine validator = new ForecastEngine(forecastSettings);
    Map<String, List<RawTick>> bySymbol = new LinkedHashMap<>();
    Map<String, Long> lastTime = new LinkedHashMap<>();
    long dropped = 0;
    for (RawTick t : ticks) {
      RejectReason reason = validator.validate(t.symbol(), t.time(), t.price(), t.volume(), t.time());
      Long last = lastTime.get(t.symbol());
      if (reason != null || (last != null && t.time() < last)) {
        dropped++;
        continue;
      }
      lastTime.put(t.symbol(), t.time());
      bySymbol.computeIfAbsent(t.symbol(), s -> new ArrayList<>()).add(t);
    }
    if (dropped > 0) {
      LOG.warn("backtest dropped {} invalid or out-of-order ticks", dropped);
    }
    List<SymbolRun> runs = new ArrayList<>();
    bySymbol.forEach((s, list) -> runs.add(new SymbolRun(s, list, (int) Math.floor(trainFraction * list.size()))));
    return runs;
  }
}

package io.tickcast.forecast;

import io.tickcast.baseline.BaselineSettings;
import io.tickcast.baseline.Baselines;
import io.tickcast.baseline.OnlineErrors;
import io.tickcast.features.Feature;
import io.tickcast.features.FeatureSpec;
import io.tickcast.features.HorizonScaling;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.LstmState;

/**
 * The per-tick step of DESIGN.md, as plain Java over a {@link ForecastState}: one code path for
 * the stream, the replay and the backtest.
 *
 * <p>For a valid tick ({@link #validate} first): drop it if it is before the symbol's last tick
 * (a tick at the same time is valid: real feeds stamp many ticks with one millisecond or minute,
 * and they are processed in arrival order), or if it repeats the last tick exactly and duplicates
 * are to be dropped; score the pending forecasts against what happened; compute features; update the baselines;
 * advance the LSTM by one step (re-warming the state first if the model changed); combine the LSTM
 * and the baselines into the emitted forecast ({@link ExpertBlend}) and calibrate its interval
 * ({@link ConformalBand}); leave the new forecasts pending; append the tick to the history chunk.
 * The horizons after the first ({@code forecast.horizons}) are scored, forecast and calibrated the
 * same way, per horizon, by {@link HorizonForecaster}, from the same LSTM step.
 *
 * <p>The open history chunk's ticks are kept in an {@link OpenChunkRows} (in memory unless one is
 * given), the state only says where the chunk stands.
 *
 * <p>Not thread-safe: it owns scratch buffers. Use one engine per thread (per stream task).
 */
public final class ForecastEngine {
  private final ForecastSettings settings;
  private final TickValidator validator;
  private final double errorAlpha;
  private final double intervalZ;
  private final double sideMissRate;
  private final double blendDiscount;
  private final double[] experts = new double[ForecastState.BLEND_EXPERTS];
  private final double[] weights = new double[ForecastState.BLEND_EXPERTS];
  private final double[] seedLosses = new double[ForecastState.BLEND_EXPERTS];
  private final OpenChunkRows chunkRows;
  private final float[] full = new float[Feature.COUNT];
  private final double[] baselineReturns = new double[Baselines.COUNT];
  private final double[] baselinePrices = new double[Baselines.COUNT];
  private float[] modelInput = new float[0];
  private float[] modelOutputs = new float[0];
  private final HorizonForecaster horizonForecaster;
  /** The LSTM's cumulative log-return forecast per configured horizon (index 0: horizon 1). */
  private final double[] lstmByHorizon;

  /** An engine that keeps open history chunks in memory (backtest, tests). */
  public ForecastEngine(ForecastSettings settings) {
    this(settings, OpenChunkRows.inMemory());
  }

  /** An engine that keeps the open history chunks' ticks in {@code chunkRows}. */
  public ForecastEngine(ForecastSettings settings, OpenChunkRows chunkRows) {
    this.settings = settings;
    this.chunkRows = chunkRows;
    this.validator = new TickValidator(settings.maxSymbolLength(), settings.maxFutureSkewMillis());
    this.errorAlpha = OnlineErrors.alphaForHalfLife(settings.errorHalfLifeTicks());
    this.intervalZ = NormalQuantile.of(0.5 + settings.intervalLevel() / 2);
    this.sideMissRate = (1 - settings.intervalLevel()) / 2;
    this.blendDiscount = 1 - OnlineErrors.alphaForHalfLife(settings.quality().blendHalfLifeTicks());
    this.horizonForecaster = new HorizonForecaster(settings, errorAlpha, intervalZ, sideMissRate);
    this.lstmByHorizon = new double[settings.quality().horizons().count()];
  }

  public ForecastSettings settings() {
    return settings;
  }

  public ForecastState newState() {
    return ForecastState.create(settings);
  }

  /** Checks the tick's own fields; returns the reason it is invalid, or null. */
  public RejectReason validate(String symbol, long time, double price, double volume, long nowMillis) {
    return validator.check(symbol, time, price, volume, nowMillis);
  }

  /**
   * Processes one validated tick.
   *
   * @param state the symbol's state, {@link #newState()} for a symbol not seen before; updated in place
   * @param volume NaN when the tick has none
   * @param nowMillis the wall clock, for the history chunk's idle timer
   * @param out reused result holder
   */
  public StepResult step(ForecastState state, String symbol, long time, double price, double volume,
      ForecastModel model, long nowMillis, StepResult out) {
    out.reset();
    adoptLegacyChunkRows(state, symbol);
    boolean first = state.tickCount() == 0;
    long lastTime = state.lastTime();
    if (!first && time < lastTime) {
      if (settings.stalePolicy() == StalePolicy.DROP) {
        out.outcome = StepResult.Outcome.STALE_DROPPED;
      } else {
        out.outcome = StepResult.Outcome.REJECTED;
        out.rejectReason = RejectReason.OUT_OF_ORDER;
      }
      return out;
    }
    if (!first && settings.dropDuplicates() && time == lastTime && price == state.lastPrice()
        && sameVolume(volume, state.lastVolume())) {
      out.outcome = StepResult.Outcome.DUPLICATE;
      return out;
    }

    double logPrice = Math.log(price);
    double lstmReturn = 0.0;
    Baselines baselines = state.baselines;
    long n;
    java.util.Arrays.fill(lstmByHorizon, 0.0);
    if (first) {
      n = state.horizons.countTick(0.0, true);
      baselines.observe(price, logPrice, Double.NaN);
    } else {
      double r = Math.log(price / state.lastPrice()); // as the trainer computes it (SequenceCutter)
      if (state.hasPending()) {
        score(state, r, price, out);
      }
      n = state.horizons.countTick(r, false);
      horizonForecaster.score(state, n, out);
      state.features.next(r, time - lastTime, volume, settings.features(), full, 0);
      baselines.observe(price, logPrice, r);
      lstmReturn = lstmStep(state, model, out);
    }

    baselines.predict(price, logPrice, baselineReturns, baselinePrices);
    double lstmWeight = chooseWeights(state, first);
    ForecastSource source = sourceOf(state, lstmWeight);
    markFallback(state, source, out);

    // Forecasts made after warm-up are scored by the next tick; all forecasters on the same ticks.
    // They are kept as prices too, so that scoring them needs no exponential.
    double lstmPrice = lstmReturn == 0.0 ? price : price * Math.exp(lstmReturn);
    double emittedReturn;
    double emittedPrice;
    if (source == ForecastSource.WARMUP) {
      emittedReturn = 0.0;
      emittedPrice = price;
    } else if (lstmWeight == 1.0) {
      emittedReturn = lstmReturn;
      emittedPrice = lstmPrice;
    } else {
      experts[0] = lstmReturn;
      System.arraycopy(baselineReturns, 0, experts, 1, Baselines.COUNT);
      emittedReturn = ExpertBlend.combine(weights, experts, experts.length);
      emittedPrice = emittedReturn == 0.0 ? price : price * Math.exp(emittedReturn);
    }
    state.hasPending(source != ForecastSource.WARMUP);
    state.pending(emittedReturn, emittedPrice, lstmReturn, lstmPrice);
    state.pendingBaselines(baselineReturns, baselinePrices);
    horizonForecaster.forecast(state, n, source == ForecastSource.WARMUP, lstmByHorizon,
        baselineReturns[BaselineSettings.EMA]);
    state.lastSource(source);
    state.accept(time, price, volume);
    appendHistory(state, symbol, time, price, volume, nowMillis, out);

    state.lastModelVersion(model.version());
    state.roundToStoredPrecision();
    out.outcome = StepResult.Outcome.ACCEPTED;
    describeLast(state, model.name(), out);
    return out;
  }

  // ---- the combination (issue 14) ---------------------------------------------------------------

  /**
   * Fills {@link #weights} for this step's forecasters and returns the LSTM's weight. The LSTM is
   * emitted alone (weight 1) until it has been scored {@code fallbackMinTicks} times: before that
   * the losses say too little to move away from the model the trainer chose.
   */
  private double chooseWeights(ForecastState state, boolean first) {
    if (first || state.errors[ForecastState.LSTM_RAW].count() < settings.fallbackMinTicks()) {
      return 1.0;
    }
    ExpertBlend blend = state.blend;
    if (blend.updates() == 0) {
      seedBlend(state);
    }
    blend.weights(settings.quality().blendRate(), weights);
    return weights[0];
  }

  /**
   * A state from before the blend (or one whose blend has seen no scaled outcome) starts from its
   * EWMA error figures: each forecaster's mean squared error over naive's, times the blend's window.
   */
  private void seedBlend(ForecastState state) {
    double naive = state.errors[ForecastState.FIRST_BASELINE + BaselineSettings.NAIVE].squaredReturnError();
    for (int k = 0; k < seedLosses.length; k++) {
      double own = state.errors[ForecastState.LSTM_RAW + k].squaredReturnError();
      seedLosses[k] = naive > 0 ? own / naive : Double.NaN;
    }
    double window = Math.min(state.errors[ForecastState.LSTM_RAW].count(), 1 / (1 - blendDiscount));
    state.blend.seed(seedLosses, window);
  }

  private ForecastSource sourceOf(ForecastState state, double lstmWeight) {
    if (state.features.steps() < settings.features().warmupTicks()) {
      return ForecastSource.WARMUP;
    }
    if (lstmWeight >= 0.99) {
      return ForecastSource.LSTM;
    }
    return lstmWeight < 0.01 ? ForecastSource.FALLBACK : ForecastSource.BLEND;
  }

  /** Counts the LSTM leaving the combination (FALLBACK) and coming back, for the fallback meters. */
  private static void markFallback(ForecastState state, ForecastSource source, StepResult out) {
    if (source == ForecastSource.WARMUP) {
      return;
    }
    boolean now = source == ForecastSource.FALLBACK;
    if (now && !state.fallbackActive()) {
      state.fallbackActive(true);
      state.countFallback();
      out.fallbackEngaged = true;
    } else if (!now && state.fallbackActive()) {
      state.fallbackActive(false);
      out.fallbackReleased = true;
    }
  }

  /**
   * The scale of the emitted interval and of the conformal band: the emitted forecast's online
   * RMS error, or before it is scored the symbol's return volatility; 0 when neither is known.
   */
  private static double intervalScale(ForecastState state) {
    OnlineErrors emittedErrors = state.errors[ForecastState.EMITTED];
    double sigma;
    if (emittedErrors.scored()) {
      sigma = Math.sqrt(emittedErrors.squaredReturnError());
    } else {
      sigma = state.features.steps() > 1 ? state.features.returnStd() : 0.0;
    }
    return Double.isFinite(sigma) ? sigma : 0.0;
  }

  /**
   * Fills {@code out}'s prediction fields with the symbol's latest prediction, from its state alone:
   * exactly what {@link #step} emitted for its last accepted tick (used to answer queries).
   */
  public StepResult describeLast(ForecastState state, String modelName, StepResult out) {
    double price = state.lastPrice();
    double sigma = intervalScale(state);
    double predictedPrice = state.pendingEmittedPrice();
    // price·exp(r ± zσ) as predictedPrice·exp(±zσ): one exponential for both ends
    double widen = Math.exp(intervalZ * sigma);
    double lo = state.band.lower(intervalZ);
    double hi = state.band.upper(intervalZ);
    out.source = state.lastSource();
    out.modelName = modelName;
    out.modelVersion = state.lastModelVersion();
    out.lastPrice = price;
    out.predictedReturn = state.pendingEmittedReturn();
    out.predictedPrice = predictedPrice;
    out.lstmReturn = state.pendingLstmReturn();
    out.lstmPrice = state.pendingLstmPrice();
    out.intervalLow = predictedPrice * Math.exp(sigma * Math.min(lo, hi));
    out.intervalHigh = predictedPrice * Math.exp(sigma * Math.max(lo, hi));
    out.normalIntervalLow = predictedPrice / widen;
    out.normalIntervalHigh = predictedPrice * widen;

    out.intervalLevel = settings.intervalLevel();
    out.tickCount = state.tickCount();
    out.skillVsNaive = state.skillVsNaive(ForecastState.EMITTED);
    StepResult.Horizon next = out.horizon(0);
    next.ticks = 1;
    next.predictedReturn = out.predictedReturn;
    next.predictedPrice = out.predictedPrice;
    next.intervalLow = out.intervalLow;
    next.intervalHigh = out.intervalHigh;
    next.source = out.source;
    next.lstmReturn = out.lstmReturn;
    next.arReturn = out.baselineReturns[BaselineSettings.AR];
    next.emaReturn = out.baselineReturns[BaselineSettings.EMA];
    next.skillVsNaive = out.skillVsNaive;
    next.intervalScored = out.intervalScored;
    next.intervalCovered = out.intervalCovered;
    horizonForecaster.describe(state, out);
    for (int i = 0; i < out.baselineReturns.length; i++) {
      out.baselineReturns[i] = state.pendingBaselineReturn(i);
    }
    return out;
  }

  /** Closes the symbol's open history chunk if it has been open for the chunk time by the wall clock. */
  public HistorySegment closeIdleChunk(ForecastState state, String symbol, long nowMillis) {
    adoptLegacyChunkRows(state, symbol);
    if (state.openChunkSize() > 0 && nowMillis - state.chunkOpenedAtWallMillis() >= settings.chunkMaxMillis()) {
      return closeChunk(state, symbol);
    }
    return null;
  }

  /** Moves the open chunk's ticks of a state read from an older format into {@link #chunkRows}. */
  private void adoptLegacyChunkRows(ForecastState state, String symbol) {
    HistorySegment legacy = state.takeLegacyChunkRows();
    if (legacy != null) {
      for (int i = 0; i < legacy.size(); i++) {
        chunkRows.put(symbol, i, legacy.times()[i], legacy.prices()[i], legacy.volumes()[i]);
      }
    }
  }

  private HistorySegment closeChunk(ForecastState state, String symbol) {
    HistorySegment segment = chunkRows.read(symbol, state.chunkIndex(), state.openChunkSize());
    state.nextChunk();
    return segment;
  }

  private void score(ForecastState state, double actualReturn, double actualPrice, StepResult out) {
    OnlineErrors[] e = state.errors;
    double alpha = errorAlpha;
    // the band and the blend first: both use the scales published with the forecasts, before this outcome
    double sigma = intervalScale(state);
    out.intervalScored = true;
    out.intervalCovered = state.band.update(actualReturn - state.pendingEmittedReturn(), sigma, intervalZ, sideMissRate,
        settings.quality().intervalRate());
    experts[0] = state.pendingLstmReturn();
    for (int i = 0; i < Baselines.COUNT; i++) {
      experts[1 + i] = state.pendingBaselineReturn(i);
    }
    if (state.blend.updates() == 0 && e[ForecastState.LSTM_RAW].count() > 0) {
      seedBlend(state); // a state written before the blend existed
    }
    state.blend.update(experts, actualReturn, e[ForecastState.FIRST_BASELINE + BaselineSettings.NAIVE].squaredReturnError(),
        blendDiscount);
    e[ForecastState.EMITTED].score(state.pendingEmittedReturn(), actualReturn, state.pendingEmittedPrice(), actualPrice, alpha);
    e[ForecastState.LSTM_RAW].score(state.pendingLstmReturn(), actualReturn, state.pendingLstmPrice(), actualPrice, alpha);
    for (int i = 0; i < Baselines.COUNT; i++) {
      e[ForecastState.FIRST_BASELINE + i].score(state.pendingBaselineReturn(i), actualReturn, state.pendingBaselinePrice(i),
          actualPrice, alpha);
    }
  }

  /** Advances the LSTM over this step's features and returns its forecast of the next log-return. */
  private double lstmStep(ForecastState state, ForecastModel model, StepResult out) {
    LstmModel lstm = model.lstm();
    FeatureSpec spec = model.features();
    if (modelInput.length != spec.size()) {
      modelInput = new float[spec.size()];
    }
    if (state.modelVersion() != model.version() || !fits(state.lstm, lstm)) {
      out.rewarmed = state.modelVersion() >= 0;
      rewarm(state, model);
      // the new model has not earned its predecessor's record, good or bad: in the combination it
      // starts from naive's loss times its validation MSE over naive's, the trainer's out-of-sample
      // measure of it (level with naive when unknown)
      double ratio = model.validationLossRatio();
      state.blend.restartLike(0, 1 + BaselineSettings.NAIVE, Double.isNaN(ratio) ? 1.0 : ratio);
      horizonForecaster.modelChanged(state);
    }
    spec.select(full, 0, modelInput);
    int outputs = lstm.outputCount();
    if (modelOutputs.length < outputs) {
      modelOutputs = new float[outputs];
    }
    double z = clipped(outputs == 1 ? lstm.step(modelInput, state.lstm) : lstm.stepAll(modelInput, state.lstm, modelOutputs));
    state.pushRecent(full);
    double r1 = state.features.returnFromZ(z);
    lstmByHorizon[0] = r1;
    Horizons horizons = settings.quality().horizons();
    boolean perHorizon = model.horizons().equals(horizons);
    double mean = state.features.returnMean();
    double std = state.features.returnStd();
    for (int i = 1; i < horizons.count(); i++) {
      int h = horizons.get(i);
      // a one-output model forecasts the next tick; beyond it, the mean return
      lstmByHorizon[i] = perHorizon ? HorizonScaling.fromZ(clipped(modelOutputs[i]), h, mean, std) : r1 + (h - 1) * mean;
    }
    return r1;
  }

  /** The output clipped to ±predictionClip; a NaN output (a broken model) reads as 0, the mean return, rather than poison the state's figures. */
  private double clipped(double z) {
    double clip = settings.predictionClip();
    if (!(z == z)) {
      return 0.0;
    }
    return Math.max(-clip, Math.min(clip, z));
  }

  /**
   * Replaces the symbol's (h, c) with the new model's: from a zero state over the recent inputs
   * kept in the state, so the symbol neither starts cold nor mixes two models.
   */
  private void rewarm(ForecastState state, ForecastModel model) {
    LstmModel lstm = model.lstm();
    if (fits(state.lstm, lstm)) {
      state.lstm.reset();
    } else {
      state.lstm = lstm.newState();
    }
    FeatureSpec spec = model.features();
    float[] kept = new float[Feature.COUNT];
    for (int k = 0; k < state.recentCount(); k++) {
      state.recentInput(k, kept);
      spec.select(kept, 0, modelInput);
      lstm.step(modelInput, state.lstm);
    }
    state.modelVersion(model.version());
  }

  /** Volumes are equal, or both absent (NaN). */
  private static boolean sameVolume(double a, double b) {
    return a == b || (a != a && b != b);
  }

  private static boolean fits(LstmState s, LstmModel m) {
    return s != null && s.numLayers() == m.numLayers() && s.hiddenSize() == m.hiddenSize();
  }

  private void appendHistory(ForecastState state, String symbol, long time, double price, double volume,
      long nowMillis, StepResult out) {
    int row = state.countIntoChunk(time, nowMillis);
    chunkRows.put(symbol, row, time, price, volume);
    if (row + 1 >= state.chunkCapacity || time - state.chunkFirstTime() >= settings.chunkMaxMillis()) {
      out.closedChunk = closeChunk(state, symbol);
    }
  }
}

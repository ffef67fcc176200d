package io.tickcast.forecast;

import io.tickcast.baseline.BaselineSettings;
import io.tickcast.baseline.Baselines;
import io.tickcast.baseline.OnlineErrors;
import io.tickcast.features.Feature;
import io.tickcast.features.FeatureSpec;
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
 * advance the LSTM by one step (re-warming the state first if the model changed); decide between the
 * LSTM, warm-up and fallback; leave the new forecasts pending; append the tick to the history chunk.
 *
 * <p>Not thread-safe: it owns scratch buffers. Use one engine per thread (per stream task).
 */
public final class ForecastEngine {
  private final ForecastSettings settings;
  private final TickValidator validator;
  private final double errorAlpha;
  private final double intervalZ;
  private final float[] full = new float[Feature.COUNT];
  private final double[] baselineReturns = new double[Baselines.COUNT];
  private final double[] baselinePrices = new double[Baselines.COUNT];
  private float[] modelInput = new float[0];

  public ForecastEngine(ForecastSettings settings) {
    this.settings = settings;
    this.validator = new TickValidator(settings.maxSymbolLength(), settings.maxFutureSkewMillis());
    this.errorAlpha = OnlineErrors.alphaForHalfLife(settings.errorHalfLifeTicks());
    this.intervalZ = NormalQuantile.of(0.5 + settings.intervalLevel() / 2);
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
    if (first) {
      baselines.observe(price, logPrice, Double.NaN);
    } else {
      double r = Math.log(price / state.lastPrice()); // as the trainer computes it (FeatureSteps)
      if (state.hasPending()) {
        score(state, r, price, out);
      }
      state.features.next(r, time - lastTime, volume, settings.features(), full, 0);
      baselines.observe(price, logPrice, r);
      lstmReturn = lstmStep(state, model, out);
    }

    ForecastSource source;
    if (state.features.steps() < settings.features().warmupTicks()) {
      source = ForecastSource.WARMUP;
    } else if (state.fallbackActive()) {
      source = ForecastSource.FALLBACK;
    } else {
      source = ForecastSource.LSTM;
    }

    // Forecasts made after warm-up are scored by the next tick; all forecasters on the same ticks.
    // They are kept as prices too, so that scoring them needs no exponential.
    double lstmPrice = lstmReturn == 0.0 ? price : price * Math.exp(lstmReturn);
    boolean lstmEmitted = source == ForecastSource.LSTM;
    state.hasPending(source != ForecastSource.WARMUP);
    state.pending(lstmEmitted ? lstmReturn : 0.0, lstmEmitted ? lstmPrice : price, lstmReturn, lstmPrice);
    baselines.predict(price, logPrice, baselineReturns, baselinePrices);
    state.pendingBaselines(baselineReturns, baselinePrices);
    state.lastSource(source);
    state.accept(time, price, volume);
    appendHistory(state, symbol, time, price, volume, nowMillis, out);

    state.lastModelVersion(model.version());
    out.outcome = StepResult.Outcome.ACCEPTED;
    describeLast(state, model.name(), out);
    return out;
  }

  /**
   * Fills {@code out}'s prediction fields with the symbol's latest prediction, from its state alone:
   * exactly what {@link #step} emitted for its last accepted tick (used to answer queries).
   */
  public StepResult describeLast(ForecastState state, String modelName, StepResult out) {
    double price = state.lastPrice();
    OnlineErrors emittedErrors = state.errors[ForecastState.EMITTED];
    double sigma;
    if (emittedErrors.scored()) {
      sigma = Math.sqrt(emittedErrors.squaredReturnError());
    } else {
      sigma = state.features.steps() > 1 ? state.features.returnStd() : 0.0;
    }
    double predictedPrice = state.pendingEmittedPrice();
    // price·exp(r ± zσ) as predictedPrice·exp(±zσ): one exponential for both ends
    double widen = Math.exp(intervalZ * sigma);
    out.source = state.lastSource();
    out.modelName = modelName;
    out.modelVersion = state.lastModelVersion();
    out.lastPrice = price;
    out.predictedReturn = state.pendingEmittedReturn();
    out.predictedPrice = predictedPrice;
    out.lstmReturn = state.pendingLstmReturn();
    out.lstmPrice = state.pendingLstmPrice();
    out.intervalLow = predictedPrice / widen;
    out.intervalHigh = predictedPrice * widen;
    out.intervalLevel = settings.intervalLevel();
    out.tickCount = state.tickCount();
    out.skillVsNaive = state.skillVsNaive(ForecastState.EMITTED);
    for (int i = 0; i < out.baselineReturns.length; i++) {
      out.baselineReturns[i] = state.pendingBaselineReturn(i);
    }
    return out;
  }

  /** Closes the symbol's open history chunk if it has been open for the chunk time by the wall clock. */
  public HistorySegment closeIdleChunk(ForecastState state, String symbol, long nowMillis) {
    if (state.openChunkSize() > 0 && nowMillis - state.chunkOpenedAtWallMillis() >= settings.chunkMaxMillis()) {
      return state.closeChunk(symbol);
    }
    return null;
  }

  private void score(ForecastState state, double actualReturn, double actualPrice, StepResult out) {
    OnlineErrors[] e = state.errors;
    double alpha = errorAlpha;
    e[ForecastState.EMITTED].score(state.pendingEmittedReturn(), actualReturn, state.pendingEmittedPrice(), actualPrice, alpha);
    e[ForecastState.LSTM_RAW].score(state.pendingLstmReturn(), actualReturn, state.pendingLstmPrice(), actualPrice, alpha);
    for (int i = 0; i < Baselines.COUNT; i++) {
      e[ForecastState.FIRST_BASELINE + i].score(state.pendingBaselineReturn(i), actualReturn, state.pendingBaselinePrice(i),
          actualPrice, alpha);
    }
    OnlineErrors lstm = e[ForecastState.LSTM_RAW];
    double lstmError = lstm.squaredReturnError();
    double naiveError = e[ForecastState.FIRST_BASELINE + BaselineSettings.NAIVE].squaredReturnError();
    if (!state.fallbackActive()) {
      if (lstm.count() >= settings.fallbackMinTicks() && lstmError > naiveError * (1 + settings.fallbackMargin())) {
        state.fallbackActive(true);
        state.countFallback();
        out.fallbackEngaged = true;
      }
    } else if (lstmError <= naiveError) {
      state.fallbackActive(false);
      out.fallbackReleased = true;
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
    }
    spec.select(full, 0, modelInput);
    double z = lstm.step(modelInput, state.lstm);
    state.pushRecent(full);
    double clip = settings.predictionClip();
    if (!(z == z)) {
      z = 0.0; // a NaN output means a broken model: forecast the mean return rather than poison the state's figures
    }
    z = Math.max(-clip, Math.min(clip, z));
    return state.features.returnFromZ(z);
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
    int size = state.appendToChunk(time, price, volume, nowMillis);
    if (size >= state.chunkCapacity || time - state.chunkTime(0) >= settings.chunkMaxMillis()) {
      out.closedChunk = state.closeChunk(symbol);
    }
  }
}

package io.tickcast.forecast;

import io.tickcast.baseline.BaselineSettings;
import io.tickcast.baseline.Forecaster;
import io.tickcast.baseline.OnlineErrors;
import io.tickcast.features.Feature;
import io.tickcast.features.FeatureSpec;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.LstmState;

/**
 * The per-tick step of DESIGN.md, as plain Java over a {@link ForecastState}: one code path for
 * the stream, the replay and the backtest.
 *
 * <p>For a valid tick ({@link #validate} first): drop it if it is not after the symbol's last
 * tick; score the pending forecasts against what happened; compute features; update the baselines;
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
    boolean first = state.tickCount == 0;
    if (!first && time <= state.lastTime) {
      if (time == state.lastTime && price == state.lastPrice) {
        out.outcome = StepResult.Outcome.DUPLICATE;
      } else if (settings.stalePolicy() == StalePolicy.DROP) {
        out.outcome = StepResult.Outcome.STALE_DROPPED;
      } else {
        out.outcome = StepResult.Outcome.REJECTED;
        out.rejectReason = RejectReason.OUT_OF_ORDER;
      }
      return out;
    }

    double lstmReturn = 0.0;
    if (first) {
      for (Forecaster f : state.baselines) {
        f.observe(price, Double.NaN);
      }
    } else {
      double r = Math.log(price / state.lastPrice);
      if (state.hasPending) {
        score(state, r, price, out);
      }
      state.features.next(r, time - state.lastTime, volume, settings.features(), full, 0);
      for (Forecaster f : state.baselines) {
        f.observe(price, r);
      }
      lstmReturn = lstmStep(state, model, out);
    }

    ForecastSource source;
    if (state.features.steps() < settings.features().warmupTicks()) {
      source = ForecastSource.WARMUP;
    } else if (state.fallbackActive) {
      source = ForecastSource.FALLBACK;
    } else {
      source = ForecastSource.LSTM;
    }
    double emitted = source == ForecastSource.LSTM ? lstmReturn : 0.0;

    // Forecasts made after warm-up are scored by the next tick; all forecasters on the same ticks.
    state.hasPending = source != ForecastSource.WARMUP;
    state.pendingEmittedReturn = emitted;
    state.pendingLstmReturn = lstmReturn;
    for (int i = 0; i < state.baselines.length; i++) {
      double b = state.baselines[i].predictReturn(price);
      state.pendingBaselineReturns[i] = b;
      out.baselineReturns[i] = b;
    }
    state.lastSource = source;
    state.tickCount++;
    state.lastTime = time;
    state.lastPrice = price;
    appendHistory(state, symbol, time, price, volume, nowMillis, out);

    state.lastModelVersion = model.version();
    out.outcome = StepResult.Outcome.ACCEPTED;
    describeLast(state, model.name(), out);
    return out;
  }

  /**
   * Fills {@code out}'s prediction fields with the symbol's latest prediction, from its state alone:
   * exactly what {@link #step} emitted for its last accepted tick (used to answer queries).
   */
  public StepResult describeLast(ForecastState state, String modelName, StepResult out) {
    double price = state.lastPrice;
    double emitted = state.pendingEmittedReturn;
    OnlineErrors emittedErrors = state.errors[ForecastState.EMITTED];
    double sigma;
    if (emittedErrors.scored()) {
      sigma = Math.sqrt(emittedErrors.squaredReturnError());
    } else {
      sigma = state.features.steps() > 1 ? state.features.returnStd() : 0.0;
    }
    out.source = state.lastSource;
    out.modelName = modelName;
    out.modelVersion = state.lastModelVersion;
    out.lastPrice = price;
    out.predictedReturn = emitted;
    out.predictedPrice = price * Math.exp(emitted);
    out.lstmReturn = state.pendingLstmReturn;
    out.lstmPrice = price * Math.exp(state.pendingLstmReturn);
    out.intervalLow = price * Math.exp(emitted - intervalZ * sigma);
    out.intervalHigh = price * Math.exp(emitted + intervalZ * sigma);
    out.intervalLevel = settings.intervalLevel();
    out.tickCount = state.tickCount;
    out.skillVsNaive = state.skillVsNaive(ForecastState.EMITTED);
    System.arraycopy(state.pendingBaselineReturns, 0, out.baselineReturns, 0, out.baselineReturns.length);
    return out;
  }

  /** Closes the symbol's open history chunk if it has been open for the chunk time by the wall clock. */
  public HistorySegment closeIdleChunk(ForecastState state, String symbol, long nowMillis) {
    if (state.chunkSize > 0 && nowMillis - state.chunkOpenedAtWallMillis >= settings.chunkMaxMillis()) {
      return closeChunk(state, symbol);
    }
    return null;
  }

  private void score(ForecastState state, double actualReturn, double actualPrice, StepResult out) {
    double last = state.lastPrice;
    OnlineErrors[] e = state.errors;
    scoreOne(e[ForecastState.EMITTED], state.pendingEmittedReturn, actualReturn, last, actualPrice);
    scoreOne(e[ForecastState.LSTM_RAW], state.pendingLstmReturn, actualReturn, last, actualPrice);
    for (int i = 0; i < state.pendingBaselineReturns.length; i++) {
      scoreOne(e[ForecastState.FIRST_BASELINE + i], state.pendingBaselineReturns[i], actualReturn, last, actualPrice);
    }
    OnlineErrors lstm = e[ForecastState.LSTM_RAW];
    double lstmError = lstm.squaredReturnError();
    double naiveError = e[ForecastState.FIRST_BASELINE + BaselineSettings.NAIVE].squaredReturnError();
    if (!state.fallbackActive) {
      if (lstm.count() >= settings.fallbackMinTicks() && lstmError > naiveError * (1 + settings.fallbackMargin())) {
        state.fallbackActive = true;
        state.fallbacks++;
        out.fallbackEngaged = true;
      }
    } else if (lstmError <= naiveError) {
      state.fallbackActive = false;
      out.fallbackReleased = true;
    }
  }

  private void scoreOne(OnlineErrors errors, double predictedReturn, double actualReturn, double lastPrice, double actualPrice) {
    errors.score(predictedReturn, actualReturn, lastPrice * Math.exp(predictedReturn), actualPrice, errorAlpha);
  }

  /** Advances the LSTM over this step's features and returns its forecast of the next log-return. */
  private double lstmStep(ForecastState state, ForecastModel model, StepResult out) {
    LstmModel lstm = model.lstm();
    FeatureSpec spec = model.features();
    if (modelInput.length != spec.size()) {
      modelInput = new float[spec.size()];
    }
    if (state.modelVersion != model.version() || !fits(state.lstm, lstm)) {
      out.rewarmed = state.modelVersion >= 0;
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
    int start = state.recentStart();
    for (int k = 0; k < state.recentCount; k++) {
      int base = ((start + k) % state.recentCapacity) * Feature.COUNT;
      spec.select(state.recentInputs, base, modelInput);
      lstm.step(modelInput, state.lstm);
    }
    state.modelVersion = model.version();
  }

  private static boolean fits(LstmState s, LstmModel m) {
    return s != null && s.numLayers() == m.numLayers() && s.hiddenSize() == m.hiddenSize();
  }

  private void appendHistory(ForecastState state, String symbol, long time, double price, double volume,
      long nowMillis, StepResult out) {
    if (state.chunkSize == 0) {
      state.chunkOpenedAtWallMillis = nowMillis;
    }
    int i = state.chunkSize++;
    state.chunkTimes[i] = time;
    state.chunkPrices[i] = price;
    state.chunkVolumes[i] = volume;
    if (state.chunkSize >= state.chunkTimes.length || time - state.chunkTimes[0] >= settings.chunkMaxMillis()) {
      out.closedChunk = closeChunk(state, symbol);
    }
  }

  private static HistorySegment closeChunk(ForecastState state, String symbol) {
    int n = state.chunkSize;
    HistorySegment segment = new HistorySegment(symbol, state.chunkIndex,
        java.util.Arrays.copyOf(state.chunkTimes, n),
        java.util.Arrays.copyOf(state.chunkPrices, n),
        java.util.Arrays.copyOf(state.chunkVolumes, n));
    state.chunkIndex++;
    state.chunkSize = 0;
    return segment;
  }
}

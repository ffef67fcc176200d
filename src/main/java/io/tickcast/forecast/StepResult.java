package io.tickcast.forecast;

/**
 * What one tick produced. A mutable holder, reused across ticks by its owner to keep the per-tick
 * path free of allocation; read it before the next call.
 */
public final class StepResult {
  /** The fate of the tick. */
  public enum Outcome {
    /** Accepted: a prediction was made. */
    ACCEPTED,
    /** Invalid, or stale under the dead-letter policy: see {@link #rejectReason}. */
    REJECTED,
    /** Same time and price as the symbol's last tick: counted and dropped. */
    DUPLICATE,
    /** At or before the symbol's last time, under the drop policy: counted and dropped. */
    STALE_DROPPED
  }

  public Outcome outcome;
  public RejectReason rejectReason;

  // the prediction (ACCEPTED only)
  public ForecastSource source;
  public String modelName;
  public int modelVersion;
  public double lastPrice;
  public double predictedReturn;
  public double predictedPrice;
  public double lstmReturn;
  public double lstmPrice;
  public double intervalLow;
  public double intervalHigh;
  public double intervalLevel;
  /** The interval tickcast published before issue 14, {@code price·exp(r̂ ± z·σ)}: a reference for the calibrated one. */
  public double normalIntervalLow;
  public double normalIntervalHigh;
  public long tickCount;
  /** Online skill of the emitted forecast against naive; NaN until scored. */
  public double skillVsNaive;
  /** The model changed since the symbol's last step, so its state was re-warmed on this tick. */
  public boolean rewarmed;
  /** The fallback engaged on this tick. */
  public boolean fallbackEngaged;
  /** The fallback released on this tick. */
  public boolean fallbackReleased;
  /** This tick scored the interval the symbol's previous prediction published. */
  public boolean intervalScored;
  /** ... and its price was inside that interval. */
  public boolean intervalCovered;
  /** Each baseline's forecast of the next log-return, in {@code BaselineSettings.NAMES} order. */
  public final double[] baselineReturns = new double[io.tickcast.baseline.BaselineSettings.NAMES.length];
  /**
   * The forecast for each configured horizon, in {@code forecast.horizons} order: {@code
   * horizon(0)} is horizon 1 and repeats the top-level fields. {@link #horizonCount} are filled.
   */
  private Horizon[] horizons = new Horizon[0];
  public int horizonCount;

  /** One horizon's forecast. A mutable holder like its owner. */
  public static final class Horizon {
    /** In ticks. */
    public int ticks;
    /** Predicted cumulative log-return from lastPrice to the price {@link #ticks} ticks ahead. */
    public double predictedReturn;
    /** lastPrice·exp(predictedReturn). */
    public double predictedPrice;
    /** The calibrated interval for the price {@link #ticks} ticks ahead, at {@code intervalLevel}. */
    public double intervalLow;
    public double intervalHigh;
    /** The forecasters the emitted one combines, as cumulative log-returns (for the backtest): the raw LSTM, iterated AR(1), EMA; NaN during warm-up. */
    public double lstmReturn;
    public double arReturn;
    public double emaReturn;
    /** Which forecaster produced this horizon's forecast (the combination is kept per horizon). */
    public ForecastSource source;
    /** Online skill of this horizon's emitted forecast against naive (flat); NaN until scored. */
    public double skillVsNaive;
    /** This tick was the {@link #ticks}-th after a forecast for this horizon, and scored its interval. */
    public boolean intervalScored;
    /** ... and the price was inside that interval. */
    public boolean intervalCovered;
  }

  /** The i-th horizon's holder, growing the array as needed; counts it in {@link #horizonCount}. */
  public Horizon horizon(int i) {
    if (i >= horizons.length) {
      Horizon[] grown = java.util.Arrays.copyOf(horizons, i + 1);
      for (int k = horizons.length; k <= i; k++) {
        grown[k] = new Horizon();
      }
      horizons = grown;
    }
    horizonCount = Math.max(horizonCount, i + 1);
    return horizons[i];
  }

  /** A history chunk closed on this tick, else null. */
  public HistorySegment closedChunk;

  void reset() {
    outcome = null;
    rejectReason = null;
    source = null;
    rewarmed = false;
    fallbackEngaged = false;
    fallbackReleased = false;
    intervalScored = false;
    intervalCovered = false;
    closedChunk = null;
    skillVsNaive = Double.NaN;
    horizonCount = 0;
    for (Horizon h : horizons) {
      h.intervalScored = false;
      h.intervalCovered = false;
      h.skillVsNaive = Double.NaN;
      h.source = null;
    }
  }
}

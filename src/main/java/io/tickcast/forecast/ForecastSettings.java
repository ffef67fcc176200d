package io.tickcast.forecast;

import io.tickcast.baseline.BaselineSettings;
import io.tickcast.features.FeatureSettings;

/**
 * Settings of the per-tick step. Validated on construction, so bad values fail at start.
 *
 * @param features feature normalisation
 * @param baselines baseline forecaster parameters
 * @param errorHalfLifeTicks half-life, in ticks, of the online error figures; it is also the window
 *     over which the LSTM is compared with naive for the fallback
 * @param fallbackMinTicks scored ticks needed before the fallback may engage
 * @param fallbackMargin the fallback engages when the LSTM's error exceeds naive's by this fraction,
 *     and releases once the LSTM's error is back at or below naive's
 * @param rewarmWindow recent inputs kept per symbol, replayed through a new model to re-warm its state
 * @param predictionClip model outputs (return z-scores) are clipped to [-clip, clip]
 * @param intervalLevel nominal coverage of the emitted prediction interval
 * @param chunkMaxTicks a history chunk closes when it holds this many ticks
 * @param chunkMaxMillis a history chunk closes when it spans this much event time, or has been open
 *     this long by the wall clock (the idle punctuator)
 * @param maxSymbolLength longer symbols are refused
 * @param maxFutureSkewMillis ticks stamped further ahead of the wall clock are refused
 * @param stalePolicy what happens to ticks strictly before their symbol's last time (ticks at the same
 *     time are valid and processed in arrival order)
 * @param dropDuplicates whether a tick with the same time, price and volume as its symbol's last tick
 *     is dropped (and counted) rather than processed
 * @param quality the online combination of the forecasters and the calibration of the interval
 */
public record ForecastSettings(
    FeatureSettings features,
    BaselineSettings baselines,
    double errorHalfLifeTicks,
    int fallbackMinTicks,
    double fallbackMargin,
    int rewarmWindow,
    double predictionClip,
    double intervalLevel,
    int chunkMaxTicks,
    long chunkMaxMillis,
    int maxSymbolLength,
    long maxFutureSkewMillis,
    StalePolicy stalePolicy,
    boolean dropDuplicates,
    QualitySettings quality) {

  public static final ForecastSettings DEFAULTS = new ForecastSettings(
      FeatureSettings.DEFAULTS, BaselineSettings.DEFAULTS, 100, 50, 0.02, 32, 4.0, 0.9, 64, 60_000L, 64,
      86_400_000L, StalePolicy.DROP, false, QualitySettings.DEFAULTS);

  public ForecastSettings {
    require(errorHalfLifeTicks >= 1, "error half-life must be >= 1 tick");
    require(fallbackMinTicks >= 1, "fallback minimum ticks must be >= 1");
    require(fallbackMargin >= 0, "fallback margin must be >= 0");
    require(rewarmWindow >= 1 && rewarmWindow <= 4096, "re-warm window must be in [1, 4096]");
    require(predictionClip > 0, "prediction clip must be > 0");
    require(intervalLevel > 0 && intervalLevel < 1, "interval level must be in (0, 1)");
    require(chunkMaxTicks >= 1 && chunkMaxTicks <= 100_000, "history chunk size must be in [1, 100000]");
    require(chunkMaxMillis >= 1, "history chunk time must be >= 1 ms");
    require(maxSymbolLength >= 1, "max symbol length must be >= 1");
    require(maxFutureSkewMillis >= 0, "max future skew must be >= 0");
    require(quality != null, "quality settings are required");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public ForecastSettings withStalePolicy(StalePolicy p) {
    return new ForecastSettings(features, baselines, errorHalfLifeTicks, fallbackMinTicks, fallbackMargin,
        rewarmWindow, predictionClip, intervalLevel, chunkMaxTicks, chunkMaxMillis, maxSymbolLength,
        maxFutureSkewMillis, p, dropDuplicates, quality);
  }

  public ForecastSettings withDropDuplicates(boolean drop) {
    return new ForecastSettings(features, baselines, errorHalfLifeTicks, fallbackMinTicks, fallbackMargin,
        rewarmWindow, predictionClip, intervalLevel, chunkMaxTicks, chunkMaxMillis, maxSymbolLength,
        maxFutureSkewMillis, stalePolicy, drop, quality);
  }

  public ForecastSettings withChunk(int maxTicks, long maxMillis) {
    return new ForecastSettings(features, baselines, errorHalfLifeTicks, fallbackMinTicks, fallbackMargin,
        rewarmWindow, predictionClip, intervalLevel, maxTicks, maxMillis, maxSymbolLength,
        maxFutureSkewMillis, stalePolicy, dropDuplicates, quality);
  }

  public ForecastSettings withErrors(double halfLifeTicks, int minTicks, double margin) {
    return new ForecastSettings(features, baselines, halfLifeTicks, minTicks, margin,
        rewarmWindow, predictionClip, intervalLevel, chunkMaxTicks, chunkMaxMillis, maxSymbolLength,
        maxFutureSkewMillis, stalePolicy, dropDuplicates, quality);
  }

  public ForecastSettings withFeatures(FeatureSettings f) {
    return new ForecastSettings(f, baselines, errorHalfLifeTicks, fallbackMinTicks, fallbackMargin,
        rewarmWindow, predictionClip, intervalLevel, chunkMaxTicks, chunkMaxMillis, maxSymbolLength,
        maxFutureSkewMillis, stalePolicy, dropDuplicates, quality);
  }

  public ForecastSettings withQuality(QualitySettings q) {
    return new ForecastSettings(features, baselines, errorHalfLifeTicks, fallbackMinTicks, fallbackMargin,
        rewarmWindow, predictionClip, intervalLevel, chunkMaxTicks, chunkMaxMillis, maxSymbolLength,
        maxFutureSkewMillis, stalePolicy, dropDuplicates, q);
  }

  /**
   * How the emitted forecast is combined and its interval calibrated (issue 14).
   *
   * @param blendRate learning rate η of the exponentially weighted aggregation ({@link ExpertBlend}),
   *     on losses in units of the symbol's squared scale
   * @param blendHalfLifeTicks half-life, in ticks, of the discounted losses the weights come from
   * @param intervalRate step η of the conformal band ({@link ConformalBand}), in units of the scale
   * @param horizons the forecast horizons in ticks ({@code forecast.horizons})
   */
  public record QualitySettings(double blendRate, double blendHalfLifeTicks, double intervalRate, Horizons horizons) {
    /**
     * η = 0.5 (see {@link ExpertBlend}); a half-life of 500 ticks; a band step of 0.1 scale
     * units, so ten misses in a row widen a side by about one RMS error (volatility clusters on
     * daily closes last about that long).
     */
    public static final QualitySettings DEFAULTS = new QualitySettings(0.5, 500, 0.1, Horizons.DEFAULT);

    /** The default horizons. */
    public QualitySettings(double blendRate, double blendHalfLifeTicks, double intervalRate) {
      this(blendRate, blendHalfLifeTicks, intervalRate, Horizons.DEFAULT);
    }

    public QualitySettings withHorizons(Horizons h) {
      return new QualitySettings(blendRate, blendHalfLifeTicks, intervalRate, h);
    }

    public QualitySettings {
      java.util.Objects.requireNonNull(horizons, "horizons");
      require(blendRate > 0 && Double.isFinite(blendRate), "blend learning rate must be > 0");
      require(blendHalfLifeTicks >= 1, "blend half-life must be >= 1 tick");
      require(intervalRate > 0 && intervalRate <= 1, "interval learning rate must be in (0, 1]");
    }
  }
}

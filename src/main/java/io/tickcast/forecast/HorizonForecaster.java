package io.tickcast.forecast;

import io.tickcast.baseline.OnlineErrors;
import io.tickcast.forecast.HorizonRegion.Track;

/**
 * The per-tick step for the horizons after the first, over a symbol's {@link HorizonRegion}: the
 * same three parts as horizon 1 ({@link ForecastEngine}), per horizon h.
 *
 * <ul>
 *   <li><b>Scoring.</b> The forecast made h accepted ticks ago is scored against the log-return
 *       over those h ticks: each forecaster's EWMA squared error, the combination's losses, and
 *       whether the interval published with it covered the outcome, which also moves the horizon's
 *       conformal band (delayed feedback: {@link ConformalBand#update(boolean, boolean, double,
 *       double, double)}).
 *   <li><b>Forecasters.</b> The LSTM's output for h (or, for a one-output model, its next-tick
 *       forecast plus the mean return over the h − 1 ticks after), naive (flat: 0), AR(1)
 *       iterated h steps, and EMA (a level forecast, the same price for every horizon).
 *   <li><b>Emitted forecast.</b> The LSTM alone until the horizon has been scored {@code
 *       fallbackMinTicks} times, then the exponentially weighted combination of the four, with
 *       horizon 1's source thresholds, a half-life h times as long and a rate h times smaller:
 *       consecutive h-tick errors share h − 1 ticks, so about one outcome in h is new information.
 *       A window of horizon 1's length would weigh the forecasters on too few outcomes to tell a
 *       small, steady advantage from noise, and horizon 1's rate would count each outcome h times
 *       and chase runs of one forecaster's luck. Its interval is the horizon's band
 *       times its scale (the emitted forecast's online RMS error for h, or √h times the return
 *       volatility before that).
 * </ul>
 *
 * <p>Not thread-safe (scratch arrays): one per engine.
 */
final class HorizonForecaster {
  private final ForecastSettings settings;
  private final double errorAlpha;
  private final double intervalZ;
  private final double sideMissRate;
  /** Per horizon index: the blend's discount, its half-life h times horizon 1's. */
  private final double[] blendDiscounts;
  private final double[] forecasts = new double[HorizonRegion.FORECASTERS];
  private final double[] experts = new double[HorizonRegion.EXPERTS];
  private final double[] weights = new double[HorizonRegion.EXPERTS];

  HorizonForecaster(ForecastSettings settings, double errorAlpha, double intervalZ, double sideMissRate) {
    this.settings = settings;
    this.errorAlpha = errorAlpha;
    this.intervalZ = intervalZ;
    this.sideMissRate = sideMissRate;
    Horizons horizons = settings.quality().horizons();
    this.blendDiscounts = new double[horizons.count()];
    for (int i = 0; i < horizons.count(); i++) {
      blendDiscounts[i] = 1 - OnlineErrors.alphaForHalfLife(settings.quality().blendHalfLifeTicks() * horizons.get(i));
    }
  }

  /** Scores every horizon's forecast that the n-th accepted tick completes. */
  void score(ForecastState state, long n, StepResult out) {
    HorizonRegion region = state.horizons;
    for (int i = 1; i < region.horizons().count(); i++) {
      Track t = region.track(i);
      if (!t.pending(n)) {
        continue;
      }
      double actual = region.cumulativeReturn(n, t.horizon);
      for (int f = 0; f < HorizonRegion.FORECASTERS; f++) {
        forecasts[f] = t.forecast(n, f);
      }
      boolean missLow = actual < t.publishedLow(n);
      boolean missHigh = actual > t.publishedHigh(n);
      StepResult.Horizon h = out.horizon(i);
      h.intervalScored = true;
      h.intervalCovered = !missLow && !missHigh;
      t.band.update(missLow, missHigh, intervalZ, sideMissRate, settings.quality().intervalRate());
      System.arraycopy(forecasts, 1, experts, 0, HorizonRegion.EXPERTS);
      t.blend.update(experts, actual, t.squaredError(HorizonRegion.NAIVE), blendDiscounts[i]);
      t.score(forecasts, actual, errorAlpha);
    }
  }

  /**
   * Makes and keeps every horizon's forecasts at the n-th accepted tick.
   *
   * @param lstm the LSTM's cumulative log-return forecast per horizon, index i for horizon i (0 unused)
   * @param warmup the symbol is warming up: a flat forecast, not to be scored
   * @param ema the EMA baseline's forecast, a level: the same log-return for every horizon
   */
  void forecast(ForecastState state, long n, boolean warmup, double[] lstm, double ema) {
    HorizonRegion region = state.horizons;
    for (int i = 1; i < region.horizons().count(); i++) {
      Track t = region.track(i);
      double scale = scale(state, t);
      double lo = t.band.lower(intervalZ);
      double hi = t.band.upper(intervalZ);
      if (warmup) {
        t.keep(n, 0.0, Double.NaN, Double.NaN, Double.NaN, scale * Math.min(lo, hi), scale * Math.max(lo, hi));
        continue;
      }
      double ar = state.baselines.ar().predictCumulativeReturn(t.horizon);
      experts[0] = lstm[i];
      experts[1] = 0.0;
      experts[2] = ar;
      experts[3] = ema;
      double emitted = lstmWeight(t) == 1.0 ? lstm[i] : ExpertBlend.combine(weights, experts, HorizonRegion.EXPERTS);
      if (!Double.isFinite(emitted)) {
        emitted = 0.0;
      }
      t.keep(n, emitted, lstm[i], ar, ema, emitted + scale * Math.min(lo, hi), emitted + scale * Math.max(lo, hi));
    }
  }

  /** Fills {@code out}'s horizons after the first from the forecasts the state's last tick left. */
  void describe(ForecastState state, StepResult out) {
    HorizonRegion region = state.horizons;
    long n = region.ticks();
    double price = state.lastPrice();
    for (int i = 1; i < region.horizons().count(); i++) {
      Track t = region.track(i);
      StepResult.Horizon h = out.horizon(i);
      h.ticks = t.horizon;
      double low;
      double high;
      if (t.published(n)) {
        h.predictedReturn = t.forecast(n, HorizonRegion.EMITTED);
        low = t.publishedLow(n);
        high = t.publishedHigh(n);
        h.source = t.pending(n) ? sourceOf(lstmWeight(t)) : ForecastSource.WARMUP;
        h.lstmReturn = t.forecast(n, HorizonRegion.LSTM);
        h.arReturn = t.forecast(n, HorizonRegion.AR);
        h.emaReturn = t.forecast(n, HorizonRegion.EMA);
      } else { // a region written empty since the last tick (a state of an older format, or other horizons)
        double scale = scale(state, t);
        h.predictedReturn = 0.0;
        low = scale * Math.min(t.band.lower(intervalZ), t.band.upper(intervalZ));
        high = scale * Math.max(t.band.lower(intervalZ), t.band.upper(intervalZ));
        h.source = ForecastSource.WARMUP;
        h.lstmReturn = Double.NaN;
        h.arReturn = Double.NaN;
        h.emaReturn = Double.NaN;
      }
      h.predictedPrice = price * Math.exp(h.predictedReturn);
      h.intervalLow = price * Math.exp(low);
      h.intervalHigh = price * Math.exp(high);
      h.skillVsNaive = t.skillVsNaive();
    }
  }

  /** A new model: in each horizon's combination the LSTM starts level with naive, not with its predecessor's record. */
  void modelChanged(ForecastState state) {
    HorizonRegion region = state.horizons;
    for (int i = 1; i < region.horizons().count(); i++) {
      region.track(i).blend.restartLike(0, 1, 1.0);
    }
  }

  /**
   * Fills {@link #weights} and returns the LSTM's weight: 1 until the horizon has been scored
   * {@code fallbackMinTicks} times.
   */
  private double lstmWeight(Track t) {
    if (t.scored() < settings.fallbackMinTicks()) {
      return 1.0;
    }
    t.blend.weights(settings.quality().blendRate() / t.horizon, weights);
    return weights[0];
  }

  private static ForecastSource sourceOf(double lstmWeight) {
    if (lstmWeight >= 0.99) {
      return ForecastSource.LSTM;
    }
    return lstmWeight < 0.01 ? ForecastSource.FALLBACK : ForecastSource.BLEND;
  }

  /** The horizon's scale: its emitted forecast's online RMS error, or √h times the return volatility before it is scored. */
  private static double scale(ForecastState state, Track t) {
    double sigma;
    if (t.scored() > 0) {
      sigma = Math.sqrt(t.squaredError(HorizonRegion.EMITTED));
    } else {
      sigma = state.features.steps() > 1 ? Math.sqrt(t.horizon) * state.features.returnStd() : 0.0;
    }
    return Double.isFinite(sigma) ? sigma : 0.0;
  }
}

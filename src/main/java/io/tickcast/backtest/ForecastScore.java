package io.tickcast.backtest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plain (unweighted) error figures of one forecaster over the walked ticks: the backtest's report
 * unit. Unlike the stream's EWMA figures, every scored tick counts the same.
 *
 * <p>Forecasters with a prediction interval also get its figures ({@link #scoreInterval}):
 * {@code coverage}, the share of next prices inside it; {@code mean_width}, its width over the price
 * the forecast was made at; {@code interval_score}, Gneiting and Raftery's (2007) interval score at
 * the nominal level α = 1 − level, {@code (u − l) + (2/α)·(l − y)·1{y < l} + (2/α)·(y − u)·1{y > u}},
 * also over that price (lower is better: it rewards narrow intervals and charges misses by how far
 * they miss).
 */
public final class ForecastScore {
  private long count;
  private double sumSquaredReturnError;
  private double sumAbsPriceError;
  private double sumSquaredPriceError;
  private long hits;
  private long directional;
  private long intervals;
  private long covered;
  private double sumRelativeWidth;
  private double sumRelativeIntervalScore;

  /**
   * Scores one forecast made at {@code lastPrice} against the next tick.
   *
   * @param predictedReturn the forecast log-return
   * @param lastPrice the price the forecast was made at
   * @param actualPrice the next tick's price
   */
  public void score(double predictedReturn, double lastPrice, double actualPrice) {
    double actualReturn = Math.log(actualPrice / lastPrice);
    double re = predictedReturn - actualReturn;
    double pe = lastPrice * Math.exp(predictedReturn) - actualPrice;
    count++;
    sumSquaredReturnError += re * re;
    sumAbsPriceError += Math.abs(pe);
    sumSquaredPriceError += pe * pe;
    if (actualReturn != 0.0) {
      directional++;
      // a predicted zero move is a miss
      if (predictedReturn != 0.0 && Math.signum(predictedReturn) == Math.signum(actualReturn)) {
        hits++;
      }
    }
  }

  /**
   * Scores the central interval [low, high] of nominal coverage {@code level}, made at
   * {@code lastPrice}, against the next tick's price.
   */
  public void scoreInterval(double low, double high, double level, double lastPrice, double actualPrice) {
    double alpha = 1 - level;
    double score = high - low;
    if (actualPrice < low) {
      score += 2 / alpha * (low - actualPrice);
    } else if (actualPrice > high) {
      score += 2 / alpha * (actualPrice - high);
    } else {
      covered++;
    }
    intervals++;
    sumRelativeWidth += (high - low) / lastPrice;
    sumRelativeIntervalScore += score / lastPrice;
  }

  /** Share of scored intervals that held the next price; NaN when none were scored. */
  public double coverage() {
    return intervals == 0 ? Double.NaN : (double) covered / intervals;
  }

  /** Mean interval width over the price the forecast was made at. */
  public double meanWidth() {
    return intervals == 0 ? Double.NaN : sumRelativeWidth / intervals;
  }

  /** Mean interval score over the price the forecast was made at. */
  public double intervalScore() {
    return intervals == 0 ? Double.NaN : sumRelativeIntervalScore / intervals;
  }

  public long intervalCount() {
    return intervals;
  }

  public void add(ForecastScore other) {
    intervals += other.intervals;
    covered += other.covered;
    sumRelativeWidth += other.sumRelativeWidth;
    sumRelativeIntervalScore += other.sumRelativeIntervalScore;
    count += other.count;
    sumSquaredReturnError += other.sumSquaredReturnError;
    sumAbsPriceError += other.sumAbsPriceError;
    sumSquaredPriceError += other.sumSquaredPriceError;
    hits += other.hits;
    directional += other.directional;
  }

  public long count() {
    return count;
  }

  public double mseReturn() {
    return count == 0 ? Double.NaN : sumSquaredReturnError / count;
  }

  public double maePrice() {
    return count == 0 ? Double.NaN : sumAbsPriceError / count;
  }

  public double rmsePrice() {
    return count == 0 ? Double.NaN : Math.sqrt(sumSquaredPriceError / count);
  }

  /** Share of correct signs among ticks whose actual move is not zero; NaN when there are none. */
  public double hitRate() {
    return directional == 0 ? Double.NaN : (double) hits / directional;
  }

  /** 1 - this forecaster's mse_return / naive's. */
  public double skill(ForecastScore naive) {
    double n = naive.mseReturn();
    return n > 0 ? 1.0 - mseReturn() / n : Double.NaN;
  }

  /** The figures of one horizon under a forecaster's {@code horizons}: mse_return, rmse_price, skill, and coverage where it has an interval. */
  public Map<String, Object> toHorizonMap(ForecastScore naive) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", count);
    m.put("mse_return", finiteOrNull(mseReturn()));
    m.put("rmse_price", finiteOrNull(rmsePrice()));
    m.put("skill", finiteOrNull(skill(naive)));
    if (intervals > 0) {
      m.put("coverage", finiteOrNull(coverage()));
    }
    return m;
  }

  /** The report's fields, in the report's names; NaN becomes null in JSON. */
  public Map<String, Object> toMap(ForecastScore naive) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", count);
    m.put("mse_return", finiteOrNull(mseReturn()));
    m.put("mae_price", finiteOrNull(maePrice()));
    m.put("rmse_price", finiteOrNull(rmsePrice()));
    m.put("hit_rate", finiteOrNull(hitRate()));
    m.put("skill", finiteOrNull(skill(naive)));
    if (intervals > 0) {
      m.put("coverage", finiteOrNull(coverage()));
      m.put("mean_width", finiteOrNull(meanWidth()));
      m.put("interval_score", finiteOrNull(intervalScore()));
    }
    return m;
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}

package io.tickcast.backtest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plain (unweighted) error figures of one forecaster over the walked ticks: the backtest's report
 * unit. Unlike the stream's EWMA figures, every scored tick counts the same.
 */
public final class ForecastScore {
  private long count;
  private double sumSquaredReturnError;
  private double sumAbsPriceError;
  private double sumSquaredPriceError;
  private long hits;
  private long directional;

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

  public void add(ForecastScore other) {
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

  /** The report's fields, in the report's names; NaN becomes null in JSON. */
  public Map<String, Object> toMap(ForecastScore naive) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", count);
    m.put("mse_return", finiteOrNull(mseReturn()));
    m.put("mae_price", finiteOrNull(maePrice()));
    m.put("rmse_price", finiteOrNull(rmsePrice()));
    m.put("hit_rate", finiteOrNull(hitRate()));
    m.put("skill", finiteOrNull(skill(naive)));
    return m;
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}

package io.tickcast.backtest;

import io.tickcast.forecast.ForecastSource;
import java.util.Map;

/**
 * One scored tick of the walk: what the symbol's previous step forecast and what happened.
 *
 * @param symbol the symbol
 * @param forecastTime event time of the tick the forecast was made at
 * @param time event time of the tick that realized it
 * @param lastPrice the price the forecast was made at
 * @param price the realized next price
 * @param forecastReturns every scored forecaster's predicted log-return, by its report name, in report
 *     order ({@link BacktestReport#EMITTED} is what the stream emitted); unmodifiable
 * @param intervalLow lower end of the emitted interval, a price
 * @param intervalHigh upper end of the emitted interval, a price
 * @param intervalLevel the interval's nominal coverage
 * @param source which forecaster produced the emitted forecast
 */
public record WalkedTick(String symbol, long forecastTime, long time, double lastPrice, double price,
    Map<String, Double> forecastReturns, double intervalLow, double intervalHigh, double intervalLevel,
    ForecastSource source) {}

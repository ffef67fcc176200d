package io.tickcast.backtest;

/**
 * Receives the backtest's walked ticks one by one, for reports that need the series and not only the
 * totals. Called on the backtest's thread, once per scored walked tick, in walk order (event time,
 * symbols interleaved), after the tick's scores are added to the report.
 */
@FunctionalInterface
public interface BacktestRecorder {
  /** Records nothing. */
  BacktestRecorder NONE = tick -> {};

  void record(WalkedTick tick);
}

package io.tickcast.baseline;

import java.nio.ByteBuffer;

/**
 * A per-symbol online forecaster of the next log-return, with its state in plain fields.
 *
 * <p>Lifecycle: created empty, then {@link #observe} is called once per accepted tick in time
 * order; {@link #predictReturn} may be called after any observation and does not change the state.
 * Implementations are not thread-safe: one instance belongs to one symbol's state.
 */
public interface Forecaster {
  /** Short stable name used in metrics and reports (naive, sma, ema, kalman, ar). */
  String name();

  /**
   * Takes the newest accepted tick.
   *
   * @param price the tick's price, finite and positive
   * @param logReturn log(price / previous price), or NaN for the symbol's first tick
   */
  void observe(double price, double logReturn);

  /** Forecast of the log-return from {@code lastPrice} to the next tick's price. */
  double predictReturn(double lastPrice);

  int serializedSize();

  void writeTo(ByteBuffer out);

  void readFrom(ByteBuffer in);
}

package io.tickcast.baseline;

import java.nio.ByteBuffer;

/**
 * A per-symbol online forecaster of the next price, with its state in {@link #bytes()} bytes of a
 * byte array: its own, or a region of the symbol's whole state.
 *
 * <p>Lifecycle: a new forecaster has seen nothing ({@link #reset} writes that state); then
 * {@link #observe} is called once per accepted tick in time order; {@link #predictReturn} and
 * {@link #predictPrice} may be called after any observation and do not change the state.
 * Implementations are not thread-safe: one belongs to one symbol's state.
 */
public interface Forecaster {
  /** Short stable name used in metrics and reports (naive, sma, ema, kalman, ar). */
  String name();

  /** Bytes of its state. */
  int bytes();

  /** Writes the state of a forecaster that has seen no tick. */
  void reset();

  /**
   * Takes the newest accepted tick.
   *
   * @param price the tick's price, finite and positive
   * @param logPrice {@code Math.log(price)}, computed once per tick for every forecaster
   * @param logReturn the log-return from the previous accepted price, or NaN for the symbol's first tick
   */
  void observe(double price, double logPrice, double logReturn);

  /** Forecast of the log-return from {@code lastPrice} (whose log is {@code lastLogPrice}) to the next tick's price. */
  double predictReturn(double lastPrice, double lastLogPrice);

  /**
   * Forecast of the next tick's price: {@code lastPrice · exp(predictReturn)}, computed directly
   * where the forecaster has it (a level, an average), so that scoring needs no exponential.
   */
  double predictPrice(double lastPrice, double lastLogPrice);

  /** Reads the state as state formats 1 and 2 wrote it, in the buffer's byte order. */
  void readLegacy(ByteBuffer in);
}

package io.tickcast.forecast;

/** Checks a tick's own fields, before any state is looked at. */
public final class TickValidator {
  /** Earliest event time accepted: 1970-01-01 excluded, so a zero or unset time is refused. */
  static final long MIN_TIME = 1L;

  private final int maxSymbolLength;
  private final long maxFutureSkewMillis;

  /**
   * @param maxSymbolLength symbols longer than this are refused
   * @param maxFutureSkewMillis ticks stamped further than this ahead of the wall clock are refused
   */
  public TickValidator(int maxSymbolLength, long maxFutureSkewMillis) {
    this.maxSymbolLength = maxSymbolLength;
    this.maxFutureSkewMillis = maxFutureSkewMillis;
  }

  /** Returns why the tick is invalid, or null when it is valid. */
  public RejectReason check(String symbol, long time, double price, double volume, long nowMillis) {
    if (symbol == null || symbol.isBlank()) {
      return RejectReason.EMPTY_SYMBOL;
    }
    if (symbol.length() > maxSymbolLength) {
      return RejectReason.SYMBOL_TOO_LONG;
    }
    if (!Double.isFinite(price)) {
      return RejectReason.PRICE_NOT_FINITE;
    }
    if (price <= 0) {
      return RejectReason.PRICE_NOT_POSITIVE;
    }
    if (!Double.isNaN(volume) && !(volume >= 0 && Double.isFinite(volume))) {
      return RejectReason.VOLUME_INVALID;
    }
    if (time < MIN_TIME || time - maxFutureSkewMillis > nowMillis) {
      return RejectReason.TIMESTAMP_INVALID;
    }
    return null;
  }
}

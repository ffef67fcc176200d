package io.tickcast.observe;

/**
 * The answer to {@code GET /forecast/{symbol}}: an HTTP status and a JSON body.
 *
 * @param status 200 found, 404 unknown symbol, 503 not answerable now (rebalancing, restoring, owner unreachable)
 * @param json the body
 */
record ForecastAnswer(int status, byte[] json) {
  /** Seconds a client should wait before asking again after a 503. */
  static final int RETRY_AFTER_SECONDS = 1;

  static ForecastAnswer found(byte[] json) {
    return new ForecastAnswer(200, json);
  }

  static ForecastAnswer unknown(String symbol) {
    return new ForecastAnswer(404, Json.bytes(Json.object().put("error", "unknown symbol").put("symbol", symbol)));
  }

  static ForecastAnswer unavailable(String reason) {
    return new ForecastAnswer(503, Json.bytes(Json.object().put("error", "not available now, retry").put("reason", reason)));
  }
}

package io.tickcast.stream;

import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.RejectReason;
import io.tickcast.forecast.StepResult;

/**
 * Callbacks from the stream to whoever measures it (the {@code observe} package); every method has a
 * no-op default. Called on stream threads and on the global-store thread: implementations must be
 * thread-safe and cheap.
 */
public interface ForecastListener {
  ForecastListener NONE = new ForecastListener() {};

  /** A tick was accepted and a prediction emitted; {@code nanos} is the processing time of the step. */
  default void predicted(String symbol, long tickTime, StepResult result, ForecastState state, long nanos) {}

  /** A record went to the dead-letter topic. */
  default void deadLettered(RejectReason reason) {}

  /** An exact duplicate was dropped. */
  default void duplicateDropped() {}

  /** A tick at or before its symbol's last time was dropped under the drop policy. */
  default void staleDropped() {}

  /** A history chunk was written. */
  default void chunkClosed(String symbol, int ticks) {}

  /** A symbol's state was re-warmed with a new model. */
  default void rewarmed(String symbol) {}

  /** A symbol fell back to naive (engaged = true) or returned to the LSTM. */
  default void fallback(String symbol, boolean engaged) {}

  /** A model release was accepted and is now in use. */
  default void modelAccepted(ForecastModel model, long createdAtMillis) {}

  /** A model release was refused; the reason names what was wrong. */
  default void modelRefused(String modelName, int version, String reason) {}
}

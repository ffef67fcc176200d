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

  /** Tells both listeners, this one first. */
  default ForecastListener andThen(ForecastListener other) {
    ForecastListener first = this;
    return new ForecastListener() {
      @Override
      public boolean timesSteps() {
        return first.timesSteps() || other.timesSteps();
      }

      @Override
      public void predicted(String symbol, long tickTime, StepResult result, ForecastState state, long nanos) {
        first.predicted(symbol, tickTime, result, state, nanos);
        other.predicted(symbol, tickTime, result, state, nanos);
      }

      @Override
      public void deadLettered(RejectReason reason) {
        first.deadLettered(reason);
        other.deadLettered(reason);
      }

      @Override
      public void duplicateDropped() {
        first.duplicateDropped();
        other.duplicateDropped();
      }

      @Override
      public void staleDropped() {
        first.staleDropped();
        other.staleDropped();
      }

      @Override
      public void chunkClosed(String symbol, int ticks) {
        first.chunkClosed(symbol, ticks);
        other.chunkClosed(symbol, ticks);
      }

      @Override
      public void rewarmed(String symbol) {
        first.rewarmed(symbol);
        other.rewarmed(symbol);
      }

      @Override
      public void fallback(String symbol, boolean engaged) {
        first.fallback(symbol, engaged);
        other.fallback(symbol, engaged);
      }

      @Override
      public void modelAccepted(ForecastModel model, long createdAtMillis) {
        first.modelAccepted(model, createdAtMillis);
        other.modelAccepted(model, createdAtMillis);
      }

      @Override
      public void registryUnavailable() {
        first.registryUnavailable();
        other.registryUnavailable();
      }

      @Override
      public void streamThreadFailed(String cause, boolean replaced) {
        first.streamThreadFailed(cause, replaced);
        other.streamThreadFailed(cause, replaced);
      }

      @Override
      public void modelRefused(String modelName, int version, String reason) {
        first.modelRefused(modelName, version, reason);
        other.modelRefused(modelName, version, reason);
      }
    };
  }

  /**
   * Whether this listener uses the processing time passed to {@link #predicted}; asked once, when
   * the topology is built. The clock is read twice per tick only if it does (two reads cost about
   * 45 ns per tick on the machine of BENCHMARKS.md).
   */
  default boolean timesSteps() {
    return false;
  }

  /**
   * A tick was accepted and a prediction emitted; {@code nanos} is the processing time of the step,
   * 0 unless {@link #timesSteps()}.
   */
  default void predicted(String symbol, long tickTime, StepResult result, ForecastState state, long nanos) {}

  /** A record went to the dead-letter topic. */
  default void deadLettered(RejectReason reason) {}

  /** An exact duplicate was dropped. */
  default void duplicateDropped() {}

  /** A record could not be decoded because the schema registry did not answer; its task fails and reads it again. */
  default void registryUnavailable() {}

  /**
   * A stream thread died of {@code cause} (the exception's class); {@code replaced}: a new thread
   * took its place, else the client shuts down.
   */
  default void streamThreadFailed(String cause, boolean replaced) {}

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

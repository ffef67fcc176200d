package io.tickcast.train;

import java.time.Instant;

/**
 * What a scheduled trainer is doing, as one immutable value handed from the trainer's threads to
 * readers such as {@code /health}.
 *
 * @param state what the trainer does now
 * @param lastError the kind of the latest error (the exception's class, without its message, which
 *     may name internal addresses; the log has the whole message), or null when there was none
 * @param lastErrorAt when the latest error happened, or null
 * @param lastSuccessAt when the latest run ended without an error (released or kept), or null
 */
public record TrainerStatus(State state, String lastError, Instant lastErrorAt, Instant lastSuccessAt) {
  /** The trainer's state. */
  public enum State {
    /** Joining the trainer group for the first time. */
    STARTING,
    /** Holds the lease and trains when the schedule says so. */
    ACTIVE,
    /** Another instance holds the lease; this one takes over when that one leaves or dies. */
    STANDBY,
    /** The lease or its clients failed; it backs off and joins again. */
    FAILING,
    /** Closed. */
    STOPPED
  }

  public static final TrainerStatus STARTING = new TrainerStatus(State.STARTING, null, null, null);

  TrainerStatus withState(State s) {
    return new TrainerStatus(s, lastError, lastErrorAt, lastSuccessAt);
  }

  TrainerStatus withError(Throwable error, Instant at) {
    return new TrainerStatus(state, error.getClass().getSimpleName(), at, lastSuccessAt);
  }

  TrainerStatus withSuccess(Instant at) {
    return new TrainerStatus(state, lastError, lastErrorAt, at);
  }
}

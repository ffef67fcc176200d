package io.tickcast.lstm;

/** Which outputs of a sequence are scored by the loss. */
public enum LossMode {
  /** Every step from the burn-in index on: the model learns to predict at every step. */
  ALL_STEPS,
  /** Only the last step: the earlier steps only build up the state. */
  LAST_STEP;

  boolean scores(int step, int length, int burnIn) {
    return this == LAST_STEP ? step == length - 1 : step >= burnIn;
  }
}

package io.tickcast.forecast;

/** What happens to a tick at or before its symbol's last accepted time. */
public enum StalePolicy {
  /** Count it and drop it (default): replays and at-least-once re-deliveries are harmless. */
  DROP,
  /** Count it and send it to the dead-letter topic with reason out_of_order; exact duplicates are still only dropped. */
  DEAD_LETTER
}

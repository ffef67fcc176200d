package io.tickcast.features;

import java.util.Arrays;
import java.util.Optional;

/**
 * The input features this instance knows, by the names a model release declares.
 *
 * <p>All are computed from raw ticks by {@link SymbolFeatures}, identically for serving and for
 * training. The z-scored ones are normalised by per-symbol EWMA statistics taken before the
 * current tick is folded in, and clipped.
 */
public enum Feature {
  /** Log-return since the previous tick, z-scored. */
  RETURN_Z("return_z"),
  /**
   * Log of the seconds since the previous tick, z-scored. A gap under one millisecond (ticks stamped
   * with the same time, common in real feeds) counts as one millisecond: log(0.001), the smallest
   * gap a millisecond clock can tell apart, so a burst of equal timestamps reads as "very fast".
   */
  LOG_INTERVAL_Z("log_interval_z"),
  /** log(1 + volume), z-scored; 0 when the tick has no volume. */
  LOG_VOLUME_Z("log_volume_z"),
  /** 1 when the tick has a volume, else 0. */
  VOLUME_PRESENT("volume_present");

  /** Number of known features: the width of a full feature vector. */
  public static final int COUNT = values().length;

  private final String id;

  Feature(String id) {
    this.id = id;
  }

  /** The name used in model releases and weight files. */
  public String id() {
    return id;
  }

  public static Optional<Feature> byId(String id) {
    return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
  }
}

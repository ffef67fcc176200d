package io.tickcast.features;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How features are normalised. A model is trained with one set of these and only served with the
 * same set, since the same raw tick gives different inputs under different settings.
 *
 * @param halfLifeTicks half-life, in ticks, of the EWMA mean and variance that z-score each feature
 * @param warmupTicks ticks a symbol must have seen before its normalised features are trusted; below
 *     it the symbol emits the naive forecast, flagged WARMUP
 * @param clip z-scores are clipped to [-clip, clip]
 */
public record FeatureSettings(double halfLifeTicks, int warmupTicks, double clip) {
  public static final FeatureSettings DEFAULTS = new FeatureSettings(500, 30, 6.0);

  public FeatureSettings {
    if (!(halfLifeTicks >= 1)) {
      throw new IllegalArgumentException("feature half-life must be >= 1 tick: " + halfLifeTicks);
    }
    if (warmupTicks < 2) {
      throw new IllegalArgumentException("feature warm-up must be >= 2 ticks: " + warmupTicks);
    }
    if (!(clip > 0)) {
      throw new IllegalArgumentException("feature clip must be positive: " + clip);
    }
  }

  /**
   * Whether the same raw ticks give the same feature values under both settings. The warm-up only
   * decides when forecasts are emitted, not what the features are, so it is not compared.
   */
  public boolean sameNormalisation(FeatureSettings other) {
    return halfLifeTicks == other.halfLifeTicks && clip == other.clip;
  }

  /** EWMA weight of the newest observation. */
  public double alpha() {
    return 1.0 - Math.pow(0.5, 1.0 / halfLifeTicks);
  }

  /** The settings as they are recorded in a model release. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("halfLifeTicks", Double.toString(halfLifeTicks));
    m.put("warmupTicks", Integer.toString(warmupTicks));
    m.put("clip", Double.toString(clip));
    return m;
  }

  /** Reads settings recorded by {@link #toMap()}; absent keys take the defaults. */
  public static FeatureSettings fromMap(Map<String, String> m) {
    return new FeatureSettings(
        Double.parseDouble(m.getOrDefault("halfLifeTicks", Double.toString(DEFAULTS.halfLifeTicks))),
        Integer.parseInt(m.getOrDefault("warmupTicks", Integer.toString(DEFAULTS.warmupTicks))),
        Double.parseDouble(m.getOrDefault("clip", Double.toString(DEFAULTS.clip))));
  }
}

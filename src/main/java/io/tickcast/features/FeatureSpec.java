package io.tickcast.features;

import java.util.ArrayList;
import java.util.List;

/** The ordered features a model takes as input: a selection from the full feature vector. */
public final class FeatureSpec {
  /** What the built-in default model and fresh trainings use. */
  public static final FeatureSpec DEFAULT =
      new FeatureSpec(List.of(Feature.RETURN_Z, Feature.LOG_INTERVAL_Z, Feature.LOG_VOLUME_Z, Feature.VOLUME_PRESENT));

  private final List<Feature> features;
  private final int[] indices;

  public FeatureSpec(List<Feature> features) {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one feature");
    }
    this.features = List.copyOf(features);
    this.indices = features.stream().mapToInt(Enum::ordinal).toArray();
  }

  /** Parses declared feature names; an unknown name fails with a message naming it. */
  public static FeatureSpec parse(List<String> names) {
    List<Feature> out = new ArrayList<>(names.size());
    for (String name : names) {
      out.add(Feature.byId(name).orElseThrow(() -> new UnknownFeatureException(name)));
    }
    return new FeatureSpec(out);
  }

  public int size() {
    return indices.length;
  }

  public List<Feature> features() {
    return features;
  }

  public List<String> names() {
    return features.stream().map(Feature::id).toList();
  }

  /** Copies this spec's features out of a full vector (of {@link Feature#COUNT} values) into {@code out}. */
  public void select(float[] full, int fullOffset, float[] out) {
    for (int i = 0; i < indices.length; i++) {
      out[i] = full[fullOffset + indices[i]];
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureSpec s && s.features.equals(features);
  }

  @Override
  public int hashCode() {
    return features.hashCode();
  }

  @Override
  public String toString() {
    return names().toString();
  }

  /** A declared feature this instance does not compute. */
  public static final class UnknownFeatureException extends IllegalArgumentException {
    private final String feature;

    public UnknownFeatureException(String feature) {
      super("unknown feature '" + feature + "' (known: " + java.util.Arrays.stream(Feature.values()).map(Feature::id).toList() + ")");
      this.feature = feature;
    }

    public String feature() {
      return feature;
    }
  }
}

package io.tickcast.model;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.StateDict;
import io.tickcast.lstm.Tensor;
import io.tickcast.schema.ModelRelease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between {@link ModelRelease} records of the models topic and the {@link ForecastModel}
 * the per-tick step serves, refusing releases this instance cannot serve faithfully.
 */
public final class ModelReleases {
  private ModelReleases() {}

  /**
   * The servable model of a release for an instance that forecasts {@code servedHorizons}: as
   * {@link #toModel(ModelRelease, FeatureSettings)}, and refused when the release forecasts other
   * horizons, except a one-output release (horizons [1]), whose output is served as horizon 1.
   *
   * @param servedHorizons this instance's {@code forecast.horizons}
   * @throws ModelRefusedException as {@link #toModel(ModelRelease, FeatureSettings)}, or for
   *     horizons other than the instance's and [1]
   */
  public static ForecastModel toModel(ModelRelease release, FeatureSettings featureSettings, Horizons servedHorizons)
      throws ModelRefusedException {
    ForecastModel model = toModel(release, featureSettings);
    if (!model.horizons().equals(servedHorizons) && !model.horizons().equals(Horizons.NEXT_TICK)) {
      throw new ModelRefusedException("forecasts horizons " + model.horizons() + " but this instance's "
          + "forecast.horizons is " + servedHorizons + " (only a release of the same horizons, or a one-output "
          + "release of horizon 1, is served)");
    }
    return model;
  }

  /**
   * The model of a release with the horizons it declares, whatever horizons an instance serves (the
   * trainer's champion, the backtest's own releases).
   *
   * @param featureSettings this instance's feature settings: a model trained under others would see
   *     differently normalised inputs, so it is refused
   * @throws ModelRefusedException for unknown features, other feature settings, invalid horizons,
   *     or weights that are missing, misshapen, not finite, or do not fit the features or the
   *     horizons (one output per horizon)
   */
  public static ForecastModel toModel(ModelRelease release, FeatureSettings featureSettings) throws ModelRefusedException {
    FeatureSpec spec;
    try {
      spec = FeatureSpec.parse(release.getFeatures());
    } catch (IllegalArgumentException e) {
      throw new ModelRefusedException(e.getMessage(), e);
    }
    FeatureSettings declared;
    try {
      declared = FeatureSettings.fromMap(release.getFeatureSettings());
    } catch (IllegalArgumentException e) {
      throw new ModelRefusedException("invalid feature settings " + release.getFeatureSettings() + ": " + e.getMessage(), e);
    }
    if (!declared.sameNormalisation(featureSettings)) {
      throw new ModelRefusedException("trained with feature normalisation " + declared + " but this instance uses " + featureSettings);
    }
    Horizons horizons;
    try {
      horizons = Horizons.of(release.getHorizons());
    } catch (IllegalArgumentException e) {
      throw new ModelRefusedException("invalid horizons " + release.getHorizons() + ": " + e.getMessage(), e);
    }
    LstmModel lstm;
    try {
      lstm = LstmModel.fromStateDict(stateDict(release));
    } catch (IllegalArgumentException e) {
      throw new ModelRefusedException("invalid weights: " + e.getMessage(), e);
    }
    if (lstm.inputSize() != spec.size()) {
      throw new ModelRefusedException("weights take " + lstm.inputSize() + " inputs but the release declares "
          + spec.size() + " features " + spec.names());
    }
    if (lstm.outputCount() != horizons.count()) {
      throw new ModelRefusedException("weights have " + lstm.outputCount() + " outputs but the release declares "
          + horizons.count() + " horizons " + horizons);
    }
    Double validation = release.getValidationMse();
    Double naive = release.getNaiveValidationMse();
    double ratio = validation == null || naive == null || !(naive > 0) ? Double.NaN : validation / naive;
    return new ForecastModel(release.getModelName(), release.getVersion(), lstm, spec, featureSettings, ratio, horizons);
  }

  /** The release's weights as a state dict (shapes as declared; validation is LstmModel's). */
  public static StateDict stateDict(ModelRelease release) {
    StateDict dict = new StateDict();
    for (io.tickcast.schema.Tensor t : release.getWeights()) {
      int[] shape = t.getShape().stream().mapToInt(Integer::intValue).toArray();
      List<Float> values = t.getValues();
      float[] v = new float[values.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = values.get(i);
      }
      int expected = 1;
      for (int d : shape) {
        expected *= d;
      }
      if (expected != v.length) {
        throw new IllegalArgumentException(t.getName() + ": shape " + t.getShape() + " holds " + expected
            + " values but " + v.length + " were given");
      }
      dict.put(t.getName(), new Tensor(shape, v));
    }
    return dict;
  }

  /** The tensors of a state dict in the release's form. */
  public static List<io.tickcast.schema.Tensor> tensors(StateDict dict) {
    List<io.tickcast.schema.Tensor> out = new ArrayList<>();
    dict.tensors().forEach((name, t) -> {
      List<Integer> shape = new ArrayList<>();
      for (int d : t.shape()) {
        shape.add(d);
      }
      float[] values = t.values();
      List<Float> v = new ArrayList<>(values.length);
      for (float f : values) {
        v.add(f);
      }
      out.add(io.tickcast.schema.Tensor.newBuilder().setName(name).setShape(shape).setValues(v).build());
    });
    return out;
  }

  /**
   * A release builder pre-filled with a one-output model's identity, features and weights (horizons
   * [1]); add the provenance.
   *
   * @throws IllegalArgumentException for a model of more than one output: its horizons are needed
   */
  public static ModelRelease.Builder builder(String name, int version, LstmModel lstm, FeatureSpec features,
      FeatureSettings featureSettings, long createdAtMillis) {
    if (lstm.outputCount() != 1) {
      throw new IllegalArgumentException("a model of " + lstm.outputCount() + " outputs needs its horizons");
    }
    return builder(name, version, lstm, features, Horizons.NEXT_TICK, featureSettings, createdAtMillis);
  }

  /**
   * A release builder pre-filled with a model's identity, features, horizons and weights; add the
   * provenance.
   *
   * @throws IllegalArgumentException when the model's output count is not the number of horizons
   */
  public static ModelRelease.Builder builder(String name, int version, LstmModel lstm, FeatureSpec features,
      Horizons horizons, FeatureSettings featureSettings, long createdAtMillis) {
    if (lstm.outputCount() != horizons.count()) {
      throw new IllegalArgumentException("a model of " + lstm.outputCount() + " outputs cannot forecast the "
          + horizons.count() + " horizons " + horizons);
    }
    return ModelRelease.newBuilder()
        .setModelName(name)
        .setVersion(version)
        .setCreatedAt(java.time.Instant.ofEpochMilli(createdAtMillis))
        .setFeatures(new ArrayList<>(features.names()))
        .setFeatureSettings(new HashMap<>(featureSettings.toMap()))
        .setWeights(tensors(lstm.toStateDict()))
        .setHorizons(new ArrayList<>(horizons.toList()))
        .setTrainingSettings(new HashMap<>(Map.of()));
  }
}

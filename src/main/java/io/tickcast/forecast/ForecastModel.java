package io.tickcast.forecast;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.lstm.LstmModel;
import java.util.Objects;

/**
 * A model as the per-tick step uses it: the LSTM, the features it takes in order, and its identity.
 * Immutable; swapped as a whole when a new release arrives.
 */
public final class ForecastModel {
  /** Name of the models-topic key, and of the built-in default. */
  public static final String DEFAULT_NAME = "tickcast";
  /** Hidden size of the built-in default model. */
  public static final int DEFAULT_HIDDEN = 32;
  /** Seed of the built-in default model's cell weights. */
  public static final long DEFAULT_SEED = 20261122L;

  private final String name;
  private final int version;
  private final LstmModel lstm;
  private final FeatureSpec features;
  private final FeatureSettings featureSettings;
  private final double validationLossRatio;
  private final Horizons horizons;

  public ForecastModel(String name, int version, LstmModel lstm, FeatureSpec features, FeatureSettings featureSettings) {
    this(name, version, lstm, features, featureSettings, Double.NaN);
  }

  /**
   * @param validationLossRatio the model's validation MSE over naive's on the trainer's held-out
   *     slice; NaN when unknown. The emitted combination starts a newly swapped-in model from it.
   */
  public ForecastModel(String name, int version, LstmModel lstm, FeatureSpec features, FeatureSettings featureSettings,
      double validationLossRatio) {
    this(name, version, lstm, features, featureSettings, validationLossRatio, Horizons.NEXT_TICK);
  }

  /**
   * @param horizons the horizons of the model's outputs, in output order: output k is the z-scored
   *     cumulative log-return over the next {@code horizons.get(k)} ticks ({@link
   *     io.tickcast.features.HorizonScaling}); {@link Horizons#NEXT_TICK} for a one-output model
   * @throws IllegalArgumentException when the LSTM's output count is not {@code horizons.count()}
   */
  public ForecastModel(String name, int version, LstmModel lstm, FeatureSpec features, FeatureSettings featureSettings,
      double validationLossRatio, Horizons horizons) {
    this.horizons = Objects.requireNonNull(horizons);
    this.validationLossRatio = validationLossRatio > 0 && Double.isFinite(validationLossRatio) ? validationLossRatio : Double.NaN;
    this.name = Objects.requireNonNull(name);
    this.version = version;
    this.lstm = Objects.requireNonNull(lstm);
    this.features = Objects.requireNonNull(features);
    this.featureSettings = Objects.requireNonNull(featureSettings);
    if (lstm.inputSize() != features.size()) {
      throw new IllegalArgumentException("model input size " + lstm.inputSize()
          + " does not match its " + features.size() + " declared features " + features);
    }
    if (lstm.outputCount() != horizons.count()) {
      throw new IllegalArgumentException("model has " + lstm.outputCount() + " outputs but "
          + horizons.count() + " horizons " + horizons);
    }
  }

  /**
   * The documented default, version 0, used until a release arrives: one LSTM layer of
   * {@link #DEFAULT_HIDDEN} units with PyTorch-style random cell weights (fixed seed) and a zero
   * head. Its output is always 0, i.e. it predicts the symbol's running mean log-return: close to
   * the random walk, never wild.
   */
  public static ForecastModel defaultModel(String name, FeatureSettings featureSettings) {
    return defaultModel(name, featureSettings, Horizons.NEXT_TICK);
  }

  /**
   * The default of {@link #defaultModel(String, FeatureSettings)} with one output per horizon, all
   * of them 0 (the zero head); its cell weights do not depend on the horizons.
   */
  public static ForecastModel defaultModel(String name, FeatureSettings featureSettings, Horizons horizons) {
    LstmModel lstm = LstmModel.initialise(FeatureSpec.DEFAULT.size(), DEFAULT_HIDDEN, 1, horizons.count(), DEFAULT_SEED,
        1.0f).withZeroHead();
    return new ForecastModel(name, 0, lstm, FeatureSpec.DEFAULT, featureSettings, Double.NaN, horizons);
  }

  public String name() {
    return name;
  }

  public int version() {
    return version;
  }

  public LstmModel lstm() {
    return lstm;
  }

  public FeatureSpec features() {
    return features;
  }

  public FeatureSettings featureSettings() {
    return featureSettings;
  }

  /** The horizons of the model's outputs, in output order. */
  public Horizons horizons() {
    return horizons;
  }

  /** Validation MSE over naive's, measured by the trainer out of sample; NaN when unknown. */
  public double validationLossRatio() {
    return validationLossRatio;
  }

  @Override
  public String toString() {
    return name + " v" + version + " (" + lstm.numLayers() + "x" + lstm.hiddenSize() + ", features " + features + ")";
  }
}

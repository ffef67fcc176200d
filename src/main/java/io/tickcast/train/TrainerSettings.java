package io.tickcast.train;

import io.tickcast.config.TickcastConfig;
import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.LossMode;
import io.tickcast.lstm.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a training run needs to know: the model's name and features, the feature normalisation it
 * shares with serving, the optimiser's settings, how sequences are cut, and the horizons the model
 * forecasts (one output each).
 */
public record TrainerSettings(String modelName, FeatureSpec features, FeatureSettings featureSettings,
    TrainingConfig training, TrainingData.Shape shape, Horizons horizons) {

  public TrainerSettings {
    java.util.Objects.requireNonNull(horizons, "horizons");
  }

  /** Settings of a one-output model (horizon 1). */
  public TrainerSettings(String modelName, FeatureSpec features, FeatureSettings featureSettings,
      TrainingConfig training, TrainingData.Shape shape) {
    this(modelName, features, featureSettings, training, shape, Horizons.NEXT_TICK);
  }

  /**
   * Forget-gate bias of a model trained from scratch: 1 makes a fresh cell keep its memory, the
   * usual remedy for LSTMs that are slow to learn long dependencies.
   */
  public static final float FRESH_FORGET_GATE_BIAS = 1f;

  /** The settings of the {@code train.*}, model, feature and {@code forecast.horizons} keys. */
  public static TrainerSettings from(TickcastConfig config) {
    int sequenceLength = config.getInt(TickcastConfig.TRAIN_SEQUENCE_LENGTH);
    int burnIn = config.getInt(TickcastConfig.TRAIN_BURN_IN);
    TrainingConfig training = TrainingConfig.builder()
        .sequenceLength(sequenceLength)
        .burnIn(burnIn)
        .lossMode(LossMode.ALL_STEPS)
        .batchSize(config.getInt(TickcastConfig.TRAIN_BATCH_SIZE))
        .learningRate((float) config.getDouble(TickcastConfig.TRAIN_LEARNING_RATE).doubleValue())
        .maxEpochs(config.getInt(TickcastConfig.TRAIN_MAX_EPOCHS))
        .patience(config.getInt(TickcastConfig.TRAIN_PATIENCE))
        .hiddenSize(config.getInt(TickcastConfig.TRAIN_HIDDEN))
        .numLayers(config.getInt(TickcastConfig.TRAIN_LAYERS))
        .seed(config.getLong(TickcastConfig.TRAIN_SEED))
        .threads(config.getInt(TickcastConfig.TRAIN_THREADS))
        .forgetGateBias(FRESH_FORGET_GATE_BIAS)
        .build();
    TrainingData.Shape shape = new TrainingData.Shape(sequenceLength, burnIn,
        config.getDouble(TickcastConfig.TRAIN_VALIDATION_FRACTION), config.getInt(TickcastConfig.TRAIN_MAX_SEQUENCES),
        config.getLong(TickcastConfig.TRAIN_SEED));
    return new TrainerSettings(config.getString(TickcastConfig.MODEL_NAME), FeatureSpec.DEFAULT,
        config.forecastSettings().features(), training, shape, config.horizons());
  }

  public TrainerSettings withTraining(TrainingConfig t) {
    return new TrainerSettings(modelName, features, featureSettings, t, shape, horizons);
  }

  public TrainerSettings withShape(TrainingData.Shape s) {
    return new TrainerSettings(modelName, features, featureSettings, training, s, horizons);
  }

  public TrainerSettings withHorizons(Horizons h) {
    return new TrainerSettings(modelName, features, featureSettings, training, shape, h);
  }

  /** The settings as recorded in a release's {@code trainingSettings}. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("sequenceLength", Integer.toString(training.sequenceLength()));
    m.put("burnIn", Integer.toString(training.burnIn()));
    m.put("batchSize", Integer.toString(training.batchSize()));
    m.put("learningRate", Float.toString(training.learningRate()));
    m.put("maxEpochs", Integer.toString(training.maxEpochs()));
    m.put("patience", Integer.toString(training.patience()));
    m.put("hiddenSize", Integer.toString(training.hiddenSize()));
    m.put("numLayers", Integer.toString(training.numLayers()));
    m.put("forgetGateBias", Float.toString(training.forgetGateBias()));
    m.put("clipNorm", Float.toString(training.clipNorm()));
    m.put("lossMode", training.lossMode().name());
    m.put("validationFraction", Double.toString(shape.validationFraction()));
    m.put("maxSequences", Integer.toString(shape.maxSequences()));
    return m;
  }
}

package io.tickcast.lstm;

import java.util.Objects;

/**
 * Settings of {@link LstmTrainer#train}. Build with {@link #builder()}; every setting has a
 * default, listed with its builder method.
 *
 * @param sequenceLength truncation length of BPTT: gradients flow back through at most this many
 *     steps; a longer sequence is run whole, its gradient cut every {@code sequenceLength} steps
 *     (default 32)
 * @param batchSize sequences per Adam step (default 64)
 * @param learningRate Adam's step size (default 1e-3)
 * @param maxEpochs passes over the training set at most (default 50)
 * @param lossMode which outputs are scored (default {@link LossMode#ALL_STEPS})
 * @param burnIn with ALL_STEPS, steps before this index are not scored: they warm the state up
 *     (default 0)
 * @param clipNorm the global L2 norm of the gradient is clipped to this; 0 disables (default 1)
 * @param l2 L2 penalty coefficient added to the gradient of weights, not biases, as PyTorch's Adam
 *     {@code weight_decay} does (default 0)
 * @param seed seeds initialisation and shuffling (default 1)
 * @param threads worker threads for a batch; results do not depend on it (default 1)
 * @param patience early stopping: epochs without a validation improvement before stopping
 *     (default 5)
 * @param hiddenSize H of a model initialised from scratch (default 32)
 * @param numLayers layers of a model initialised from scratch (default 1)
 * @param forgetGateBias added to the forget-gate bias of a model initialised from scratch
 *     (default 0, PyTorch's)
 */
public record TrainingConfig(
    int sequenceLength,
    int batchSize,
    float learningRate,
    int maxEpochs,
    LossMode lossMode,
    int burnIn,
    float clipNorm,
    float l2,
    long seed,
    int threads,
    int patience,
    int hiddenSize,
    int numLayers,
    float forgetGateBias) {

  public TrainingConfig {
    Objects.requireNonNull(lossMode, "lossMode");
    require(sequenceLength >= 1, "sequenceLength >= 1");
    require(batchSize >= 1, "batchSize >= 1");
    require(learningRate > 0 && Float.isFinite(learningRate), "learningRate > 0");
    require(maxEpochs >= 1, "maxEpochs >= 1");
    require(burnIn >= 0, "burnIn >= 0");
    require(clipNorm >= 0 && !Float.isNaN(clipNorm), "clipNorm >= 0");
    require(l2 >= 0 && Float.isFinite(l2), "l2 >= 0");
    require(threads >= 1, "threads >= 1");
    require(patience >= 1, "patience >= 1");
    require(hiddenSize >= 1, "hiddenSize >= 1");
    require(numLayers >= 1 && numLayers <= ParameterLayout.MAX_LAYERS, "numLayers in 1..3");
    require(Float.isFinite(forgetGateBias), "finite forgetGateBias");
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("training config: need " + what);
    }
  }

  public static TrainingConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .sequenceLength(sequenceLength).batchSize(batchSize).learningRate(learningRate)
        .maxEpochs(maxEpochs).lossMode(lossMode).burnIn(burnIn).clipNorm(clipNorm).l2(l2)
        .seed(seed).threads(threads).patience(patience).hiddenSize(hiddenSize)
        .numLayers(numLayers).forgetGateBias(forgetGateBias);
  }

  /** Builder with the documented defaults. */
  public static final class Builder {
    private int sequenceLength = 32;
    private int batchSize = 64;
    private float learningRate = 1e-3f;
    private int maxEpochs = 50;
    private LossMode lossMode = LossMode.ALL_STEPS;
    private int burnIn = 0;
    private float clipNorm = 1f;
    private float l2 = 0f;
    private long seed = 1L;
    private int threads = 1;
    private int patience = 5;
    private int hiddenSize = 32;
    private int numLayers = 1;
    private float forgetGateBias = 0f;

    public Builder sequenceLength(int v) { sequenceLength = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder learningRate(float v) { learningRate = v; return this; }
    public Builder maxEpochs(int v) { maxEpochs = v; return this; }
    public Builder lossMode(LossMode v) { lossMode = v; return this; }
    public Builder burnIn(int v) { burnIn = v; return this; }
    public Builder clipNorm(float v) { clipNorm = v; return this; }
    public Builder l2(float v) { l2 = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder threads(int v) { threads = v; return this; }
    public Builder patience(int v) { patience = v; return this; }
    public Builder hiddenSize(int v) { hiddenSize = v; return this; }
    public Builder numLayers(int v) { numLayers = v; return this; }
    public Builder forgetGateBias(float v) { forgetGateBias = v; return this; }

    public TrainingConfig build() {
      return new TrainingConfig(sequenceLength, batchSize, learningRate, maxEpochs, lossMode, burnIn,
          clipNorm, l2, seed, threads, patience, hiddenSize, numLayers, forgetGateBias);
    }
  }
}

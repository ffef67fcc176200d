package io.tickcast.features;

/**
 * The scale of an h-tick forecast, shared by the trainer's targets and the stream's outputs. The
 * model's output for horizon h is the z-score of the cumulative log-return over the next h ticks,
 * {@code R_h = r_1 + ... + r_h}, under the symbol's return moments (μ, σ) at the time of the
 * forecast, treating returns as independent: {@code z = (R_h − h·μ) / (√h·σ)}, clipped like the
 * one-step target. For h = 1 this is the one-step target of {@link SymbolFeatures}.
 */
public final class HorizonScaling {
  private HorizonScaling() {}

  /** The clipped z-score of a cumulative log-return over {@code h} ticks. */
  public static double toZ(double cumulativeReturn, int h, double mean, double std, double clip) {
    double z = (cumulativeReturn - h * mean) / (Math.sqrt(h) * Math.max(std, RunningMoments.MIN_STD));
    return Math.max(-clip, Math.min(clip, z));
  }

  /** The cumulative log-return over {@code h} ticks that a z-score stands for. */
  public static double fromZ(double z, int h, double mean, double std) {
    return h * mean + Math.sqrt(h) * Math.max(std, RunningMoments.MIN_STD) * z;
  }
}

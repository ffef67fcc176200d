package io.tickcast.forecast;

/**
 * Which forecaster produced an emitted prediction. The emitted forecast is an online combination of
 * the LSTM and the baselines ({@link ExpertBlend}); the source says what the combination amounted
 * to. New constants go at the end: states store the ordinal.
 */
public enum ForecastSource {
  /** The LSTM's forecast: before the combination may move away from it, or while it holds at least 99% of the weight. */
  LSTM,
  /** Too few ticks for trusted normalised features: the naive forecast. */
  WARMUP,
  /** The LSTM holds less than 1% of the weight: the combination of the baselines (naive when naive leads). */
  FALLBACK,
  /** A combination of the LSTM and the baselines, the LSTM holding between 1% and 99% of the weight. */
  BLEND
}

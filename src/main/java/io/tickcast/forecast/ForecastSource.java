package io.tickcast.forecast;

/** Which forecaster produced an emitted prediction. */
public enum ForecastSource {
  /** The LSTM's forecast. */
  LSTM,
  /** Too few ticks for trusted normalised features: the naive forecast. */
  WARMUP,
  /** The LSTM lost to naive over the recent window: the naive forecast until it wins again. */
  FALLBACK
}

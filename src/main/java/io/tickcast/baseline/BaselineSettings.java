package io.tickcast.baseline;

/**
 * Parameters of the baseline forecasters.
 *
 * @param smaWindow number of prices averaged by SMA
 * @param emaAlpha weight of the newest price in EMA
 * @param kalmanSignalToNoise ratio of level noise to observation noise of the local-level filter
 * @param arForgetting RLS forgetting factor of AR(1) (1 = no forgetting)
 */
public record BaselineSettings(int smaWindow, double emaAlpha, double kalmanSignalToNoise, double arForgetting) {
  public static final BaselineSettings DEFAULTS = new BaselineSettings(10, 0.2, 1.0, 0.9995);

  /** The baselines in their fixed order (the order of their state and their error figures). */
  public Forecaster[] create() {
    return new Forecaster[] {
      new NaiveForecaster(),
      new SmaForecaster(smaWindow),
      new EmaForecaster(emaAlpha),
      new KalmanLevelForecaster(kalmanSignalToNoise),
      new Ar1Forecaster(arForgetting)
    };
  }

  /** Names of {@link #create()}'s forecasters, in order. */
  public static final String[] NAMES = {"naive", "sma", "ema", "kalman", "ar"};

  public static final int NAIVE = 0;
}

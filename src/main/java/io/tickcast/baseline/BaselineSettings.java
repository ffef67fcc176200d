package io.tickcast.baseline;

import io.tickcast.slab.Slab;

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

  /** The baselines in their fixed order (the order of their state and their error figures), each with a state of its own. */
  public Forecaster[] create() {
    return new Forecaster[] {
      new NaiveForecaster(),
      new SmaForecaster(smaWindow),
      new EmaForecaster(emaAlpha),
      new KalmanLevelForecaster(kalmanSignalToNoise),
      new Ar1Forecaster(arForgetting)
    };
  }

  /**
   * The baselines as views of {@link #stateBytes()} bytes of {@code data} from {@code offset}, one
   * after the other; the bytes there are their state (call {@link Baselines#reset} for a symbol not
   * seen before).
   */
  public Baselines create(byte[] data, int offset) {
    Slab.checkRegion(data, offset, stateBytes());
    return new Baselines(this, data, offset);
  }

  /** Bytes of the state of all baselines of {@link #create(byte[], int)}. */
  public int stateBytes() {
    return Baselines.bytes(this);
  }

  /** Names of {@link #create()}'s forecasters, in order. */
  public static final String[] NAMES = {"naive", "sma", "ema", "kalman", "ar"};

  public static final int NAIVE = 0;
  /** Index of the EMA baseline in {@link #NAMES}. */
  public static final int EMA = 2;
  /** Index of the AR(1) baseline in {@link #NAMES}. */
  public static final int AR = 4;
}

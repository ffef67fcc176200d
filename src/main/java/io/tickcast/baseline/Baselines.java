package io.tickcast.baseline;

import io.tickcast.slab.CompactForm;
import java.nio.ByteBuffer;

/**
 * The baselines of one symbol in their fixed order ({@link BaselineSettings#NAMES}), as views of
 * consecutive regions of one array. The per-tick calls go to each baseline directly rather than
 * through {@link Forecaster} in a loop: a call site that sees five receiver types is not inlined,
 * and fifteen such calls a tick cost more than the arithmetic behind them.
 */
public final class Baselines {
  /** Number of baselines. */
  public static final int COUNT = 5;

  private final NaiveForecaster naive = new NaiveForecaster();
  private final SmaForecaster sma;
  private final EmaForecaster ema;
  private final KalmanLevelForecaster kalman;
  private final Ar1Forecaster ar;

  Baselines(BaselineSettings settings, byte[] data, int offset) {
    int at = offset;
    this.sma = new SmaForecaster(settings.smaWindow(), data, at);
    at += sma.bytes();
    this.ema = new EmaForecaster(settings.emaAlpha(), data, at);
    at += ema.bytes();
    this.kalman = new KalmanLevelForecaster(settings.kalmanSignalToNoise(), data, at);
    at += kalman.bytes();
    this.ar = new Ar1Forecaster(settings.arForgetting(), data, at);
  }

  /** Bytes of the state of all baselines with these settings. */
  static int bytes(BaselineSettings settings) {
    return SmaForecaster.bytes(settings.smaWindow()) + EmaForecaster.BYTES + KalmanLevelForecaster.BYTES + Ar1Forecaster.BYTES;
  }

  /** The AR(1) forecaster, whose forecast over several ticks is iterated ({@link Ar1Forecaster#predictCumulativeReturn}). */
  public Ar1Forecaster ar() {
    return ar;
  }

  /** Baseline {@code i} in {@link BaselineSettings#NAMES} order. */
  public Forecaster get(int i) {
    return switch (i) {
      case 0 -> naive;
      case 1 -> sma;
      case 2 -> ema;
      case 3 -> kalman;
      case 4 -> ar;
      default -> throw new IndexOutOfBoundsException("baseline " + i + " of " + COUNT);
    };
  }

  /** Declares the doubles of the baselines' state that are stored as floats. */
  public void storedAsFloats(CompactForm.Builder form) {
    kalman.storedAsFloats(form);
    ar.storedAsFloats(form);
  }

  /** Writes the state of baselines that have seen no tick. */
  public void reset() {
    sma.reset();
    ema.reset();
    kalman.reset();
    ar.reset();
  }

  /** {@link Forecaster#observe} of every baseline. */
  public void observe(double price, double logPrice, double logReturn) {
    sma.observe(price, logPrice, logReturn);
    ema.observe(price, logPrice, logReturn);
    kalman.observe(price, logPrice, logReturn);
    ar.observe(price, logPrice, logReturn);
  }

  /** Every baseline's forecast, as a return into {@code returns[i]} and as a price into {@code prices[i]}. */
  public void predict(double lastPrice, double lastLogPrice, double[] returns, double[] prices) {
    returns[0] = naive.predictReturn(lastPrice, lastLogPrice);
    prices[0] = naive.predictPrice(lastPrice, lastLogPrice);
    returns[1] = sma.predictReturn(lastPrice, lastLogPrice);
    prices[1] = sma.predictPrice(lastPrice, lastLogPrice);
    returns[2] = ema.predictReturn(lastPrice, lastLogPrice);
    prices[2] = ema.predictPrice(lastPrice, lastLogPrice);
    returns[3] = kalman.predictReturn(lastPrice, lastLogPrice);
    prices[3] = kalman.predictPrice(lastPrice, lastLogPrice);
    returns[4] = ar.predictReturn(lastPrice, lastLogPrice);
    prices[4] = ar.predictPrice(lastPrice, lastLogPrice);
  }

  /** Reads every baseline's state as state formats 1 and 2 wrote them, in order. */
  public void readLegacy(ByteBuffer in) {
    for (int i = 0; i < COUNT; i++) {
      get(i).readLegacy(in);
    }
  }
}

package io.tickcast.forecast;

import io.tickcast.slab.CompactForm;
import io.tickcast.slab.Slab;

/**
 * What a symbol's state keeps for the horizons beyond the next tick ({@code forecast.horizons}
 * after the first): a view of a region of the state array. Horizon 1 keeps its figures where it
 * always did ({@link ForecastState}).
 *
 * <p>The region counts the symbol's accepted ticks and keeps the last {@code max horizon}
 * one-tick log-returns, so the cumulative return over the last h ticks is known when a forecast
 * made h ticks ago is scored. Each horizon h has a block ({@link Track}): the forecasts of the last
 * h ticks, pending (slot {@code n mod h} holds the forecast made at the n-th accepted tick, which
 * the (n + h)-th scores and then overwrites); the EWMA squared errors of the emitted forecast and
 * of the forecasters it combines; its {@link ConformalBand}; and its {@link ExpertBlend}.
 *
 * <p>Layout: horizon count and the horizons (8 ints, {@link Horizons#MAX_COUNT}), the tick
 * count, the returns ring ({@code max} floats), then one block per horizon after the first. A
 * block: scored count, the EWMA weight, the {@value #FORECASTERS} forecasters' EWMA squared
 * errors, the band, the blend, and {@code h} pending rows of {@value #STORED} floats (the
 * forecasters' forecasts but naive's, and the published interval's ends). Forecasts are
 * cumulative log-returns from the price at the time of the forecast; floats keep them to about
 * 1e-7 of their size, far below any error they are scored with.
 */
final class HorizonRegion {
  /** The forecasters of a horizon: the emitted combination and the experts it combines. */
  static final int FORECASTERS = 5;
  /** Indexes into a horizon's forecasts: the emitted forecast, then the experts in the blend's order. */
  static final int EMITTED = 0;
  static final int LSTM = 1;
  static final int NAIVE = 2;
  static final int AR = 3;
  static final int EMA = 4;
  /** Experts of the blend, in forecaster order after the emitted one: the LSTM, naive (flat), iterated AR(1), EMA. */
  static final int EXPERTS = FORECASTERS - 1;
  /**
   * Floats kept per pending forecast: every forecaster's but naive's (always 0), then the
   * published interval's ends, as cumulative log-returns.
   */
  static final int STORED = FORECASTERS - 1 + 2;
  private static final int LOW = 16;
  private static final int HIGH = 20;

  private static final int COUNT = 0;
  private static final int HORIZONS = 4;
  private static final int TICKS = HORIZONS + 4 * Horizons.MAX_COUNT;
  private static final int RETURNS = TICKS + 8;

  // a block
  private static final int SCORED = 0;
  private static final int WEIGHT = 8;
  private static final int ERRORS = 16;
  private static final int BAND = ERRORS + 8 * FORECASTERS;
  private static final int BLEND = BAND + ConformalBand.BYTES;
  private static final int ROWS = BLEND + ExpertBlend.bytes(EXPERTS);

  private final byte[] data;
  private final int at;
  private final Horizons horizons;
  private final Track[] tracks;

  /** A view of the region at {@code offset}, laid out for {@code horizons}. */
  HorizonRegion(byte[] data, int offset, Horizons horizons) {
    this.data = data;
    this.at = Slab.checkRegion(data, offset, bytes(horizons));
    this.horizons = horizons;
    this.tracks = new Track[horizons.count() - 1];
    int block = at + RETURNS + 4 * horizons.max();
    for (int i = 1; i < horizons.count(); i++) {
      tracks[i - 1] = new Track(block, horizons.get(i));
      block += blockBytes(horizons.get(i));
    }
  }

  /** Bytes of a region for these horizons. */
  static int bytes(Horizons horizons) {
    int n = RETURNS + 4 * horizons.max();
    for (int i = 1; i < horizons.count(); i++) {
      n += blockBytes(horizons.get(i));
    }
    return n;
  }

  private static int blockBytes(int h) {
    return ROWS + 4 * STORED * h;
  }

  /** Writes an empty region: the horizons, no ticks, no pending forecast. */
  void reset() {
    java.util.Arrays.fill(data, at, at + bytes(horizons), (byte) 0);
    Slab.putInt(data, at + COUNT, horizons.count());
    for (int i = 0; i < horizons.count(); i++) {
      Slab.putInt(data, at + HORIZONS + 4 * i, horizons.get(i));
    }
    for (Track t : tracks) {
      for (int slot = 0; slot < t.horizon; slot++) {
        for (int k = 0; k < STORED; k++) {
          Slab.putFloat(data, t.row(slot) + 4 * k, Float.NaN);
        }
      }
    }
  }

  /** The horizons a region at {@code offset} of {@code bytes} was written for, or null if the bytes do not hold a valid list. */
  static Horizons writtenAt(byte[] bytes, int offset) {
    if (offset < 0 || offset + TICKS > bytes.length) {
      return null;
    }
    int count = Slab.getInt(bytes, offset + COUNT);
    if (count < 1 || count > Horizons.MAX_COUNT) {
      return null;
    }
    int[] h = new int[count];
    for (int i = 0; i < count; i++) {
      h[i] = Slab.getInt(bytes, offset + HORIZONS + 4 * i);
    }
    try {
      return Horizons.of(h);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  Horizons horizons() {
    return horizons;
  }

  /** Declares each block's error averages, band and blend losses as stored as floats (the rows are floats already). */
  void storedAsFloats(CompactForm.Builder form) {
    for (Track t : tracks) {
      form.add(t.block + WEIGHT);
      for (int f = 0; f < FORECASTERS; f++) {
        form.add(t.block + ERRORS + 8 * f);
      }
      t.band.storedAsFloats(form);
      t.blend.storedAsFloats(form);
    }
  }

  /** The block of the i-th horizon, 1 ≤ i < count. */
  Track track(int i) {
    return tracks[i - 1];
  }

  /** Accepted ticks counted into the region (since it was written empty). */
  long ticks() {
    return Slab.getLong(data, at + TICKS);
  }

  /**
   * Counts an accepted tick and, unless it is the symbol's first, keeps its one-tick log-return.
   * Returns the tick's number n: slot {@code n mod h} of each horizon is then due.
   */
  long countTick(double logReturn, boolean first) {
    long n = ticks() + 1;
    Slab.putLong(data, at + TICKS, n);
    if (!first) {
      Slab.putFloat(data, at + RETURNS + 4 * (int) (n % horizons.max()), (float) logReturn);
    }
    return n;
  }

  /** The log-return over the last {@code h} ticks, the n-th included. */
  double cumulativeReturn(long n, int h) {
    int max = horizons.max();
    double sum = 0;
    for (long k = n - h + 1; k <= n; k++) {
      sum += Slab.getFloat(data, at + RETURNS + 4 * (int) (k % max));
    }
    return sum;
  }

  /** One horizon's block. */
  final class Track {
    final int horizon;
    private final int block;
    final ConformalBand band;
    final ExpertBlend blend;

    private Track(int block, int horizon) {
      this.block = block;
      this.horizon = horizon;
      this.band = new ConformalBand(data, block + BAND);
      this.blend = new ExpertBlend(data, block + BLEND, EXPERTS);
    }

    private int row(long n) {
      return block + ROWS + 4 * STORED * (int) (n % horizon);
    }

    /**
     * Whether slot {@code n mod h} holds a forecast to score (made at tick n − h after warm-up; a
     * warm-up row keeps the emitted forecast and its interval, for queries, but no LSTM forecast).
     */
    boolean pending(long n) {
      return !Float.isNaN(Slab.getFloat(data, row(n) + 4 * LSTM));
    }

    /** Whether slot {@code n mod h} holds a published forecast, scored or not (false in a fresh region). */
    boolean published(long n) {
      return !Float.isNaN(Slab.getFloat(data, row(n)));
    }

    /** The lower end of the interval published with slot {@code n mod h}'s forecast, as a cumulative log-return. */
    double publishedLow(long n) {
      return Slab.getFloat(data, row(n) + LOW);
    }

    double publishedHigh(long n) {
      return Slab.getFloat(data, row(n) + HIGH);
    }

    /**
     * The pending cumulative-return forecast of forecaster {@code f} in slot {@code n mod h}
     * ({@link #EMITTED}, {@link #LSTM}, {@link #NAIVE}, {@link #AR}, {@link #EMA}).
     */
    double forecast(long n, int f) {
      if (f == NAIVE) {
        return 0.0;
      }
      return Slab.getFloat(data, row(n) + 4 * (f < NAIVE ? f : f - 1));
    }

    /**
     * Leaves the forecasts of tick n and the published interval pending, in forecaster order
     * (naive's is not kept: it is 0). A warm-up forecast, not to be scored, has {@code lstm} NaN.
     */
    void keep(long n, double emitted, double lstm, double ar, double ema, double low, double high) {
      int r = row(n);
      Slab.putFloat(data, r, (float) emitted);
      Slab.putFloat(data, r + 4, (float) lstm);
      Slab.putFloat(data, r + 8, (float) ar);
      Slab.putFloat(data, r + 12, (float) ema);
      Slab.putFloat(data, r + LOW, (float) low);
      Slab.putFloat(data, r + HIGH, (float) high);
    }

    /** Forecasts of this horizon scored so far. */
    long scored() {
      return Slab.getLong(data, block + SCORED);
    }

    /** Forecaster f's bias-corrected EWMA squared error of the cumulative log-return; NaN before the first score. */
    double squaredError(int f) {
      double w = Slab.getDouble(data, block + WEIGHT);
      return w == 0 ? Double.NaN : Slab.getDouble(data, block + ERRORS + 8 * f) / w;
    }

    /** Adds one outcome's squared errors, forecaster f's error being {@code forecasts[f] − actual}. */
    void score(double[] forecasts, double actual, double alpha) {
      for (int f = 0; f < FORECASTERS; f++) {
        double e = forecasts[f] - actual;
        int slot = block + ERRORS + 8 * f;
        double v = Slab.getDouble(data, slot);
        Slab.putDouble(data, slot, v + alpha * (e * e - v));
      }
      double w = Slab.getDouble(data, block + WEIGHT);
      Slab.putDouble(data, block + WEIGHT, w + alpha * (1.0 - w));
      Slab.putLong(data, block + SCORED, scored() + 1);
    }

    /** 1 − emitted MSE / naive MSE; NaN until scored or while naive's error is 0. */
    double skillVsNaive() {
      double naive = squaredError(NAIVE);
      return naive > 0 ? 1.0 - squaredError(EMITTED) / naive : Double.NaN;
    }
  }
}

package io.tickcast.forecast;

import io.tickcast.baseline.BaselineSettings;
import io.tickcast.baseline.Forecaster;
import io.tickcast.baseline.OnlineErrors;
import io.tickcast.features.Feature;
import io.tickcast.features.SymbolFeatures;
import io.tickcast.lstm.LstmState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Everything tickcast keeps about one symbol between two of its ticks: last tick, feature
 * statistics, baseline forecasters, online error figures, the pending forecasts to be scored by the
 * next tick, the LSTM's (h, c) and the model version that computed them, the recent inputs used to
 * re-warm a new model, and the open history chunk.
 *
 * <p>Serialised by {@link #toBytes()} in a compact binary form that starts with a format version
 * byte; its capacities (re-warm window, chunk size, SMA window) are part of the form, so a state
 * written under other settings is still read correctly.
 */
public final class ForecastState {
  /** 2: little-endian (the bulk copies of the arrays are plain memory copies on x86 and ARM); 1: big-endian, still read. */
  static final byte FORMAT_VERSION = 2;
  /** Index of each forecaster's error figures in {@link #errors}: the emitted forecast, the raw LSTM, then the baselines. */
  public static final int EMITTED = 0;
  public static final int LSTM_RAW = 1;
  public static final int FIRST_BASELINE = 2;

  long tickCount;
  long lastTime;
  double lastPrice;
  final SymbolFeatures features = new SymbolFeatures();
  final int smaWindow;
  final Forecaster[] baselines;
  /** EMITTED, LSTM_RAW, then one per baseline in {@link BaselineSettings#NAMES} order. */
  final OnlineErrors[] errors;

  boolean hasPending;
  double pendingEmittedReturn;
  double pendingLstmReturn;
  final double[] pendingBaselineReturns;

  ForecastSource lastSource = ForecastSource.WARMUP;
  boolean fallbackActive;
  long fallbacks;

  /** Version of the model in use at the last accepted tick (the version its prediction carries). */
  int lastModelVersion;
  /** Version of the model whose steps produced {@link #lstm}; -1 before the first step. */
  int modelVersion = -1;
  LstmState lstm;

  /** Ring of the last full feature vectors (Feature.COUNT floats each), oldest at {@link #recentStart()}. */
  final float[] recentInputs;
  final int recentCapacity;
  int recentCount;
  int recentNext;

  long chunkIndex;
  long chunkOpenedAtWallMillis;
  int chunkSize;
  final long[] chunkTimes;
  final double[] chunkPrices;
  final double[] chunkVolumes;
  /** Bytes of the binary form that do not depend on the LSTM, the re-warm window's fill or the open chunk. */
  private final int fixedSize;

  ForecastState(int recentCapacity, int chunkCapacity, BaselineSettings baselineSettings) {
    this.recentCapacity = recentCapacity;
    this.recentInputs = new float[recentCapacity * Feature.COUNT];
    this.smaWindow = baselineSettings.smaWindow();
    this.baselines = baselineSettings.create();
    this.errors = new OnlineErrors[FIRST_BASELINE + baselines.length];
    for (int i = 0; i < errors.length; i++) {
      errors[i] = new OnlineErrors();
    }
    this.pendingBaselineReturns = new double[baselines.length];
    this.chunkTimes = new long[chunkCapacity];
    this.chunkPrices = new double[chunkCapacity];
    this.chunkVolumes = new double[chunkCapacity];
    int size = 1 + 3 * 4 + 8 + 8 + 8 + SymbolFeatures.SERIALIZED_SIZE;
    for (Forecaster f : baselines) {
      size += f.serializedSize();
    }
    size += errors.length * OnlineErrors.SERIALIZED_SIZE;
    size += 1 + 8 + 8 + 8 * pendingBaselineReturns.length;
    size += 1 + 1 + 8;
    size += 4 + 4 + 1;
    size += 4;
    size += 8 + 8 + 4;
    this.fixedSize = size;
  }

  /** A fresh state sized by the given settings. */
  public static ForecastState create(ForecastSettings settings) {
    return new ForecastState(settings.rewarmWindow(), settings.chunkMaxTicks(), settings.baselines());
  }

  public long tickCount() {
    return tickCount;
  }

  public long lastTime() {
    return lastTime;
  }

  public double lastPrice() {
    return lastPrice;
  }

  /** Version of the model whose steps produced the LSTM state; -1 before the first LSTM step. */
  public int modelVersion() {
    return modelVersion;
  }

  /** Version of the model that made the latest prediction. */
  public int lastModelVersion() {
    return lastModelVersion;
  }

  public boolean fallbackActive() {
    return fallbackActive;
  }

  public long fallbacks() {
    return fallbacks;
  }

  public ForecastSource lastSource() {
    return lastSource;
  }

  public int openChunkSize() {
    return chunkSize;
  }

  public long chunkOpenedAtWallMillis() {
    return chunkOpenedAtWallMillis;
  }

  /** Online error figures: {@link #EMITTED}, {@link #LSTM_RAW}, then the baselines in {@link BaselineSettings#NAMES} order. */
  public OnlineErrors errors(int index) {
    return errors[index];
  }

  public int errorCount() {
    return errors.length;
  }

  /** Name of the forecaster behind {@link #errors(int)}. */
  public static String errorName(int index) {
    return switch (index) {
      case EMITTED -> "emitted";
      case LSTM_RAW -> "lstm";
      default -> BaselineSettings.NAMES[index - FIRST_BASELINE];
    };
  }

  /** Online skill of a forecaster against naive: 1 - its squared return error / naive's; NaN until both are scored. */
  public double skillVsNaive(int index) {
    double naive = errors[FIRST_BASELINE + BaselineSettings.NAIVE].squaredReturnError();
    double own = errors[index].squaredReturnError();
    if (!(naive > 0) || Double.isNaN(own)) {
      return Double.NaN;
    }
    return 1.0 - own / naive;
  }

  int recentStart() {
    return recentCount < recentCapacity ? 0 : recentNext;
  }

  void pushRecent(float[] full) {
    System.arraycopy(full, 0, recentInputs, recentNext * Feature.COUNT, Feature.COUNT);
    recentNext = (recentNext + 1) % recentCapacity;
    if (recentCount < recentCapacity) {
      recentCount++;
    }
  }

  // ---- binary form -------------------------------------------------------------------------

  public int serializedSize() {
    return fixedSize + (lstm == null ? 0 : lstm.serializedSize()) + recentCount * Feature.COUNT * 4 + chunkSize * (8 + 8 + 8);
  }

  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(serializedSize());
    writeTo(out);
    return out.array();
  }

  public void writeTo(ByteBuffer out) {
    writeTo(out, FORMAT_VERSION);
  }

  /** The current form, or version 1 (the same fields big-endian) for the test that version 1 is still read. */
  byte[] toBytes(byte version) {
    ByteBuffer out = ByteBuffer.allocate(serializedSize());
    writeTo(out, version);
    return out.array();
  }

  private void writeTo(ByteBuffer out, byte version) {
    ByteOrder order = out.order();
    out.put(version);
    out.order(byteOrder(version));
    try {
      writeFields(out);
    } finally {
      out.order(order);
    }
  }

  private void writeFields(ByteBuffer out) {
    out.putInt(recentCapacity).putInt(chunkTimes.length).putInt(smaWindow);
    out.putLong(tickCount).putLong(lastTime).putDouble(lastPrice);
    features.writeTo(out);
    for (Forecaster f : baselines) {
      f.writeTo(out);
    }
    for (OnlineErrors e : errors) {
      e.writeTo(out);
    }
    out.put((byte) (hasPending ? 1 : 0)).putDouble(pendingEmittedReturn).putDouble(pendingLstmReturn);
    for (double r : pendingBaselineReturns) {
      out.putDouble(r);
    }
    out.put((byte) lastSource.ordinal()).put((byte) (fallbackActive ? 1 : 0)).putLong(fallbacks);
    out.putInt(lastModelVersion).putInt(modelVersion);
    out.put((byte) (lstm == null ? 0 : 1));
    if (lstm != null) {
      lstm.writeTo(out);
    }
    out.putInt(recentCount);
    // oldest first: the ring's tail segment, then its head segment (bulk copies through views)
    int start = recentStart();
    int tail = Math.min(recentCount, recentCapacity - start);
    putFloats(out, recentInputs, start * Feature.COUNT, tail * Feature.COUNT);
    putFloats(out, recentInputs, 0, (recentCount - tail) * Feature.COUNT);
    out.putLong(chunkIndex).putLong(chunkOpenedAtWallMillis).putInt(chunkSize);
    // the open chunk column by column: times, prices, volumes
    out.asLongBuffer().put(chunkTimes, 0, chunkSize);
    out.position(out.position() + 8 * chunkSize);
    out.asDoubleBuffer().put(chunkPrices, 0, chunkSize);
    out.position(out.position() + 8 * chunkSize);
    out.asDoubleBuffer().put(chunkVolumes, 0, chunkSize);
    out.position(out.position() + 8 * chunkSize);
  }

  private static void putFloats(ByteBuffer out, float[] values, int offset, int length) {
    out.asFloatBuffer().put(values, offset, length);
    out.position(out.position() + 4 * length);
  }

  /** Reads a state written by {@link #writeTo}; baseline parameters other than the SMA window come from the settings. */
  public static ForecastState readFrom(ByteBuffer in, BaselineSettings baselineSettings) {
    ByteOrder order = in.order();
    in.order(byteOrder(in.get()));
    try {
      return readFields(in, baselineSettings);
    } finally {
      in.order(order);
    }
  }

  private static ByteOrder byteOrder(byte version) {
    return switch (version) {
      case 1 -> ByteOrder.BIG_ENDIAN;
      case FORMAT_VERSION -> ByteOrder.LITTLE_ENDIAN;
      default -> throw new IllegalArgumentException("unknown forecast state format version " + version);
    };
  }

  private static ForecastState readFields(ByteBuffer in, BaselineSettings baselineSettings) {
    int recentCapacity = in.getInt();
    int chunkCapacity = in.getInt();
    int sma = in.getInt();
    BaselineSettings b = new BaselineSettings(sma, baselineSettings.emaAlpha(),
        baselineSettings.kalmanSignalToNoise(), baselineSettings.arForgetting());
    ForecastState s = new ForecastState(recentCapacity, chunkCapacity, b);
    s.tickCount = in.getLong();
    s.lastTime = in.getLong();
    s.lastPrice = in.getDouble();
    s.features.readFrom(in);
    for (Forecaster f : s.baselines) {
      f.readFrom(in);
    }
    for (OnlineErrors e : s.errors) {
      e.readFrom(in);
    }
    s.hasPending = in.get() != 0;
    s.pendingEmittedReturn = in.getDouble();
    s.pendingLstmReturn = in.getDouble();
    for (int i = 0; i < s.pendingBaselineReturns.length; i++) {
      s.pendingBaselineReturns[i] = in.getDouble();
    }
    s.lastSource = ForecastSource.values()[in.get()];
    s.fallbackActive = in.get() != 0;
    s.fallbacks = in.getLong();
    s.lastModelVersion = in.getInt();
    s.modelVersion = in.getInt();
    if (in.get() != 0) {
      s.lstm = LstmState.readFrom(in);
    }
    s.recentCount = in.getInt();
    in.asFloatBuffer().get(s.recentInputs, 0, s.recentCount * Feature.COUNT);
    in.position(in.position() + 4 * s.recentCount * Feature.COUNT);
    s.recentNext = s.recentCount % recentCapacity;
    s.chunkIndex = in.getLong();
    s.chunkOpenedAtWallMillis = in.getLong();
    s.chunkSize = in.getInt();
    int n = s.chunkSize;
    in.asLongBuffer().get(s.chunkTimes, 0, n);
    in.position(in.position() + 8 * n);
    in.asDoubleBuffer().get(s.chunkPrices, 0, n);
    in.position(in.position() + 8 * n);
    in.asDoubleBuffer().get(s.chunkVolumes, 0, n);
    in.position(in.position() + 8 * n);
    return s;
  }

  public static ForecastState fromBytes(byte[] bytes, BaselineSettings baselineSettings) {
    return readFrom(ByteBuffer.wrap(bytes), baselineSettings);
  }
}

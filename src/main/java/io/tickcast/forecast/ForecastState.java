package io.tickcast.forecast;

import io.tickcast.baseline.BaselineSettings;
import io.tickcast.baseline.Baselines;
import io.tickcast.baseline.OnlineErrors;
import io.tickcast.features.Feature;
import io.tickcast.features.SymbolFeatures;
import io.tickcast.lstm.LstmState;
import io.tickcast.slab.CompactForm;
import io.tickcast.slab.Slab;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything tickcast keeps about one symbol between two of its ticks: last tick, feature
 * statistics, baseline forecasters, online error figures, the pending forecasts to be scored by the
 * next tick, the LSTM's (h, c) and the model version that computed them, the recent inputs used to
 * re-warm a new model, and where the open history chunk stands (its index, size, first tick time and
 * wall-clock opening time; its ticks themselves wait in an {@link OpenChunkRows}, outside the state, so
 * that a tick does not rewrite every earlier tick of its chunk).
 *
 * <p>All of it but the LSTM's (h, c) lives in one little-endian byte array, laid out once from the
 * state's capacities (re-warm window, chunk size, SMA window); the components ({@link SymbolFeatures},
 * the {@link Baselines}, the {@link OnlineErrors}) are views of their regions of it. The binary
 * form written to the state store on every tick is therefore that array, copied in runs between
 * the doubles it keeps as floats, then (h, c) (the field-by-field form of formats 1 and 2 cost
 * several times as much per tick in the pipeline). The capacities are part of the form, so a state
 * written under other settings is still read correctly; formats 1 to 7 are still read.
 *
 * <p>Format 8 is format 7 with some doubles written as floats ({@link #storedAsFloats}): the
 * averages, quantiles and losses whose precision a float keeps far below anything they are compared
 * with (issue 15). The state rounds them to floats after every change
 * ({@link #roundToStoredPrecision}), so a state read back continues exactly as the one in memory.
 *
 * <p>Format 7 is format 6 with the {@link HorizonRegion} after the ring of recent inputs (issue 16):
 * the pending forecasts, error figures, band and blend of the horizons after the first, laid out for
 * the horizons it names. A state read by an instance configured with other horizons, or of an
 * older format, gets an empty region for the configured ones: those horizons start afresh, the
 * rest of the state carries on.
 *
 * <p>Format 6 is format 5 with the first chunk time after the last tick's volume, the ring of
 * recent inputs as bfloat16 and no open-chunk rows (issue 15); a state of an older format that
 * carries open-chunk rows hands them over once ({@link #takeLegacyChunkRows()}), and the engine moves
 * them into its {@link OpenChunkRows} before it touches the chunk.
 *
 * <p>Format 5: byte 0 the version; bytes 1-31 a header of flags and sizes; then the scalar fields,
 * the feature statistics, the baselines' state, their pending forecasts, the error figures, the
 * quality region (the {@link ConformalBand} and the {@link ExpertBlend}), the ring of recent
 * inputs, the open chunk (rows of time, price, volume); then, if the state has an LSTM state, h and
 * c of each layer as floats. Format 4 is format 5 without the quality region (and format 3 is
 * format 4 without the last tick's volume); they are read with the region empty (the band starts
 * at the normal interval, the blend is seeded from the error figures).
 */
public final class ForecastState {
  /**
   * 8: the flat array of format 7 with some doubles as floats (this class); 7: one flat array with
   * the quality region and the horizons region; 6: the same
   * without the horizons region; 5: the same with the open chunk's rows and the recent inputs as
   * floats; 4: the same without the quality region; 3: the same
   * without the last tick's volume; 2: field by field, little-endian; 1: the same, big-endian.
   * Formats 1 to 7 are still read.
   */
  static final byte FORMAT_VERSION = 8;
  /** Format 8 with every double as a double: the array as it is in memory (issue 16). */
  private static final byte FORMAT_ALL_DOUBLES = 7;
  /** Format 7 without the horizons region (issue 16). */
  private static final byte FORMAT_WITHOUT_HORIZONS = 6;
  /** The flat form with the quality region and the open chunk's rows (issue 14). */
  private static final byte FORMAT_WITH_CHUNK_ROWS = 5;
  /** The flat form before the quality region (issue 14). */
  private static final byte FORMAT_WITHOUT_QUALITY = 4;
  /** Index of each forecaster's error figures in {@link #errors}: the emitted forecast, the raw LSTM, then the baselines. */
  public static final int EMITTED = 0;
  public static final int LSTM_RAW = 1;
  public static final int FIRST_BASELINE = 2;
  /** Forecasters the emitted forecast combines: the raw LSTM, then the baselines in {@link BaselineSettings#NAMES} order. */
  public static final int BLEND_EXPERTS = 1 + Baselines.COUNT;
  /** Bytes of the quality region: the conformal band, then the blend. */
  static final int QUALITY_BYTES = ConformalBand.BYTES + ExpertBlend.bytes(BLEND_EXPERTS);

  // ---- layout: header ----
  private static final int VERSION = 0;
  private static final int LAST_SOURCE = 1;
  private static final int FLAGS = 2;
  private static final int RECENT_CAPACITY = 4;
  private static final int CHUNK_CAPACITY = 8;
  private static final int SMA_WINDOW = 12;
  private static final int LAST_MODEL_VERSION = 16;
  private static final int MODEL_VERSION = 20;
  private static final int LSTM_LAYERS = 24;
  private static final int LSTM_HIDDEN = 28;
  private static final byte HAS_PENDING = 1;
  private static final byte FALLBACK_ACTIVE = 2;
  // ---- scalars ----
  private static final int TICK_COUNT = 32;
  private static final int LAST_TIME = 40;
  private static final int LAST_PRICE = 48;
  private static final int FALLBACKS = 56;
  private static final int CHUNK_INDEX = 64;
  private static final int CHUNK_OPENED_AT = 72;
  private static final int CHUNK_SIZE = 80;
  private static final int RECENT_COUNT = 84;
  private static final int RECENT_NEXT = 88;
  private static final int PENDING_EMITTED_RETURN = 96;
  private static final int PENDING_LSTM_RETURN = 104;
  private static final int PENDING_EMITTED_PRICE = 112;
  private static final int PENDING_LSTM_PRICE = 120;
  private static final int LAST_VOLUME = 128;
  private static final int CHUNK_FIRST_TIME = 136;
  private static final int FEATURES = 144;
  /** Where formats 4 and 5, which had no {@link #CHUNK_FIRST_TIME}, put the feature statistics and everything after them. */
  private static final int FORMAT_5_FEATURES = 136;
  /** Bytes of one kept input in the re-warm ring: its features as bfloat16 (format 5: as floats). */
  private static final int RECENT_INPUT_BYTES = Feature.COUNT * 2;
  /** Where format 3, which had no {@link #LAST_VOLUME}, put the feature statistics and everything after them. */
  private static final int FORMAT_3_FEATURES = 128;
  private static final int BASELINES = FEATURES + SymbolFeatures.BYTES;
  /** Bytes of one open-chunk row: time, price, volume. */
  private static final int FORMAT_5_CHUNK_ROW = 24;
  /** The stored forms of the layouts met so far; a layout is set by the settings, so there are few. */
  private static final ConcurrentHashMap<Layout, CompactForm> FORMS = new ConcurrentHashMap<>();
  private static final int MAX_FORMS = 64;

  private final byte[] data;
  final int recentCapacity;
  final int chunkCapacity;
  final int smaWindow;
  private final int pendingBaselineReturnsAt;
  private final int pendingBaselinePricesAt;
  private final int errorsAt;
  private final int qualityAt;
  private final int recentAt;
  /** Where the horizons region starts: the end of what format 6 kept. */
  private final int horizonsAt;
  /** Open-chunk ticks read from a format that kept them in the state, not yet handed over; null if none. */
  private HistorySegment legacyChunkRows;
  /** Which doubles of {@link #data} the binary form keeps as floats. */
  private final CompactForm form;

  final SymbolFeatures features;
  final Baselines baselines;
  /** EMITTED, LSTM_RAW, then one per baseline in {@link BaselineSettings#NAMES} order. */
  final OnlineErrors[] errors;
  /** The emitted interval's online calibration. */
  final ConformalBand band;
  /** The weights of the emitted combination. */
  final ExpertBlend blend;
  /** The horizons after the first: their pending forecasts, errors, bands and blends. */
  final HorizonRegion horizons;
  LstmState lstm;

  /** A state laid out for these capacities; {@code fresh}: write the state of a symbol not seen before. */
  private ForecastState(int recentCapacity, int chunkCapacity, BaselineSettings baselineSettings, Horizons horizons,
      boolean fresh) {
    if (recentCapacity < 1 || chunkCapacity < 1) {
      throw new IllegalArgumentException("capacities must be >= 1: re-warm window " + recentCapacity + ", chunk " + chunkCapacity);
    }
    this.recentCapacity = recentCapacity;
    this.chunkCapacity = chunkCapacity;
    this.smaWindow = baselineSettings.smaWindow();
    int baselineCount = Baselines.COUNT;
    this.pendingBaselineReturnsAt = BASELINES + baselineSettings.stateBytes();
    this.pendingBaselinePricesAt = pendingBaselineReturnsAt + 8 * baselineCount;
    this.errorsAt = pendingBaselinePricesAt + 8 * baselineCount;
    this.qualityAt = errorsAt + (FIRST_BASELINE + baselineCount) * OnlineErrors.BYTES;
    this.recentAt = qualityAt + QUALITY_BYTES;
    this.horizonsAt = recentAt + recentCapacity * RECENT_INPUT_BYTES;
    this.data = new byte[horizonsAt + HorizonRegion.bytes(horizons)];
    this.features = new SymbolFeatures(data, FEATURES);
    this.baselines = baselineSettings.create(data, BASELINES);
    this.errors = new OnlineErrors[FIRST_BASELINE + baselineCount];
    for (int i = 0; i < errors.length; i++) {
      errors[i] = new OnlineErrors(data, errorsAt + i * OnlineErrors.BYTES);
    }
    this.band = new ConformalBand(data, qualityAt);
    this.blend = new ExpertBlend(data, qualityAt + ConformalBand.BYTES, BLEND_EXPERTS);
    this.horizons = new HorizonRegion(data, horizonsAt, horizons);
    this.horizons.reset();
    this.form = formOf(new Layout(recentCapacity, smaWindow, horizons));
    if (fresh) {
      data[VERSION] = FORMAT_VERSION;
      data[LAST_SOURCE] = (byte) ForecastSource.WARMUP.ordinal();
      Slab.putInt(data, RECENT_CAPACITY, recentCapacity);
      Slab.putInt(data, CHUNK_CAPACITY, chunkCapacity);
      Slab.putInt(data, SMA_WINDOW, smaWindow);
      Slab.putInt(data, MODEL_VERSION, -1);
      baselines.reset();
    }
  }

  /** What sets where a state's doubles are: the layout's part of the settings. */
  private record Layout(int recentCapacity, int smaWindow, Horizons horizons) {}

  private CompactForm formOf(Layout layout) {
    CompactForm f = FORMS.get(layout);
    if (f == null) {
      f = storedAsFloats();
      if (FORMS.size() < MAX_FORMS) {
        FORMS.putIfAbsent(layout, f);
      }
    }
    return f;
  }

  /**
   * The doubles the binary form keeps as floats (format 8): error averages, learned quantiles, blend
   * losses and the baselines' pending forecasts as returns, whose precision a float keeps far below
   * anything they are compared with. Prices, the running moments and the AR(1) fit stay doubles, as
   * do the emitted and the LSTM's pending forecasts, which are published.
   */
  private CompactForm storedAsFloats() {
    CompactForm.Builder b = new CompactForm.Builder();
    features.storedAsFloats(b);
    baselines.storedAsFloats(b);
    for (int i = 0; i < Baselines.COUNT; i++) {
      b.add(pendingBaselineReturnsAt + 8 * i);
    }
    for (OnlineErrors e : errors) {
      e.storedAsFloats(b);
    }
    band.storedAsFloats(b);
    blend.storedAsFloats(b);
    horizons.storedAsFloats(b);
    return b.build();
  }

  /**
   * Rounds the doubles that the binary form keeps as floats, so that the state read back from its
   * binary form equals this one and continues exactly as it would: the engine calls it after every
   * change, and a state read from an older format is rounded as it is read.
   */
  void roundToStoredPrecision() {
    form.round(data);
  }

  /** A fresh state sized by the given settings. */
  public static ForecastState create(ForecastSettings settings) {
    return new ForecastState(settings.rewarmWindow(), settings.chunkMaxTicks(), settings.baselines(),
        settings.quality().horizons(), true);
  }

  // ---- fields ------------------------------------------------------------------------------

  public long tickCount() {
    return Slab.getLong(data, TICK_COUNT);
  }

  public long lastTime() {
    return Slab.getLong(data, LAST_TIME);
  }

  public double lastPrice() {
    return Slab.getDouble(data, LAST_PRICE);
  }

  /** Volume of the last accepted tick; NaN when it had none (or the state was written before format 4 and its chunk was empty). */
  public double lastVolume() {
    return Slab.getDouble(data, LAST_VOLUME);
  }

  /** Records an accepted tick as the symbol's last. */
  void accept(long time, double price, double volume) {
    Slab.putLong(data, TICK_COUNT, tickCount() + 1);
    Slab.putLong(data, LAST_TIME, time);
    Slab.putDouble(data, LAST_PRICE, price);
    Slab.putDouble(data, LAST_VOLUME, volume);
  }

  /** Version of the model whose steps produced the LSTM state; -1 before the first LSTM step. */
  public int modelVersion() {
    return Slab.getInt(data, MODEL_VERSION);
  }

  void modelVersion(int version) {
    Slab.putInt(data, MODEL_VERSION, version);
  }

  /** Version of the model that made the latest prediction. */
  public int lastModelVersion() {
    return Slab.getInt(data, LAST_MODEL_VERSION);
  }

  void lastModelVersion(int version) {
    Slab.putInt(data, LAST_MODEL_VERSION, version);
  }

  public boolean fallbackActive() {
    return (data[FLAGS] & FALLBACK_ACTIVE) != 0;
  }

  void fallbackActive(boolean active) {
    flag(FALLBACK_ACTIVE, active);
  }

  public long fallbacks() {
    return Slab.getLong(data, FALLBACKS);
  }

  void countFallback() {
    Slab.putLong(data, FALLBACKS, fallbacks() + 1);
  }

  public ForecastSource lastSource() {
    return ForecastSource.values()[data[LAST_SOURCE]];
  }

  void lastSource(ForecastSource source) {
    data[LAST_SOURCE] = (byte) source.ordinal();
  }

  /** Whether the forecasts of the last tick wait to be scored by the next one. */
  boolean hasPending() {
    return (data[FLAGS] & HAS_PENDING) != 0;
  }

  void hasPending(boolean pending) {
    flag(HAS_PENDING, pending);
  }

  private void flag(byte bit, boolean on) {
    data[FLAGS] = (byte) (on ? data[FLAGS] | bit : data[FLAGS] & ~bit);
  }

  double pendingEmittedReturn() {
    return Slab.getDouble(data, PENDING_EMITTED_RETURN);
  }

  double pendingLstmReturn() {
    return Slab.getDouble(data, PENDING_LSTM_RETURN);
  }

  double pendingEmittedPrice() {
    return Slab.getDouble(data, PENDING_EMITTED_PRICE);
  }

  double pendingLstmPrice() {
    return Slab.getDouble(data, PENDING_LSTM_PRICE);
  }

  /** The emitted and the raw LSTM forecast of the next tick, as returns and as prices. */
  void pending(double emittedReturn, double emittedPrice, double lstmReturn, double lstmPrice) {
    Slab.putDouble(data, PENDING_EMITTED_RETURN, emittedReturn);
    Slab.putDouble(data, PENDING_EMITTED_PRICE, emittedPrice);
    Slab.putDouble(data, PENDING_LSTM_RETURN, lstmReturn);
    Slab.putDouble(data, PENDING_LSTM_PRICE, lstmPrice);
  }

  /** The pending forecast of baseline {@code i} (in {@link BaselineSettings#NAMES} order), as a return. */
  double pendingBaselineReturn(int i) {
    return Slab.getDouble(data, pendingBaselineReturnsAt + 8 * i);
  }

  /** The pending forecast of baseline {@code i}, as a price. */
  double pendingBaselinePrice(int i) {
    return Slab.getDouble(data, pendingBaselinePricesAt + 8 * i);
  }

  void pendingBaseline(int i, double predictedReturn, double predictedPrice) {
    Slab.putDouble(data, pendingBaselineReturnsAt + 8 * i, predictedReturn);
    Slab.putDouble(data, pendingBaselinePricesAt + 8 * i, predictedPrice);
  }

  /** The pending forecasts of all baselines, in {@link BaselineSettings#NAMES} order. */
  void pendingBaselines(double[] returns, double[] prices) {
    for (int i = 0; i < Baselines.COUNT; i++) {
      pendingBaseline(i, returns[i], prices[i]);
    }
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

  // ---- recent inputs (re-warm window) ------------------------------------------------------

  /** Inputs kept, at most {@link #recentCapacity}. */
  int recentCount() {
    return Slab.getInt(data, RECENT_COUNT);
  }

  /** Copies the {@code k}-th oldest kept input (a full feature vector) into {@code out[0 .. Feature.COUNT)}. */
  void recentInput(int k, float[] out) {
    int count = recentCount();
    Objects.checkIndex(k, count);
    int start = count < recentCapacity ? 0 : Slab.getInt(data, RECENT_NEXT);
    int slot = recentAt + ((start + k) % recentCapacity) * RECENT_INPUT_BYTES;
    for (int f = 0; f < Feature.COUNT; f++) {
      out[f] = fromBfloat16(data, slot + 2 * f);
    }
  }

  void pushRecent(float[] full) {
    int next = Slab.getInt(data, RECENT_NEXT);
    int slot = recentAt + next * RECENT_INPUT_BYTES;
    for (int f = 0; f < Feature.COUNT; f++) {
      toBfloat16(data, slot + 2 * f, full[f]);
    }
    Slab.putInt(data, RECENT_NEXT, next + 1 == recentCapacity ? 0 : next + 1);
    int count = recentCount();
    if (count < recentCapacity) {
      Slab.putInt(data, RECENT_COUNT, count + 1);
    }
  }

  /**
   * The kept inputs only start a new model's state over again after a model swap: bfloat16 (8 bits of
   * mantissa, the float's range) keeps them to 0.4 % and halves their bytes, which every tick writes.
   * Rounded to nearest even; NaN stays NaN.
   */
  private static void toBfloat16(byte[] b, int at, float value) {
    int bits = Float.floatToRawIntBits(value);
    int rounded = Float.isNaN(value) ? (bits >>> 16) | 0x40 : (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
    b[at] = (byte) rounded;
    b[at + 1] = (byte) (rounded >>> 8);
  }

  private static float fromBfloat16(byte[] b, int at) {
    return Float.intBitsToFloat(((b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8) << 16);
  }

  // ---- open history chunk ----------------------------------------------------------------

  /** Ticks in the open history chunk (they are kept in an {@link OpenChunkRows}). */
  public int openChunkSize() {
    return Slab.getInt(data, CHUNK_SIZE);
  }

  public long chunkOpenedAtWallMillis() {
    return Slab.getLong(data, CHUNK_OPENED_AT);
  }

  /** Index of the open (or next) history chunk: 0, 1, 2, ... per symbol. */
  public long chunkIndex() {
    return Slab.getLong(data, CHUNK_INDEX);
  }

  /** Event time of the open chunk's first tick; meaningless while the chunk is empty. */
  long chunkFirstTime() {
    return Slab.getLong(data, CHUNK_FIRST_TIME);
  }

  /** Counts a tick into the open chunk, opening it at {@code time} and {@code nowMillis} if it is empty; returns its row. */
  int countIntoChunk(long time, long nowMillis) {
    int size = openChunkSize();
    if (size == 0) {
      Slab.putLong(data, CHUNK_OPENED_AT, nowMillis);
      Slab.putLong(data, CHUNK_FIRST_TIME, time);
    }
    Slab.putInt(data, CHUNK_SIZE, size + 1);
    return size;
  }

  /** Starts the next chunk, empty. */
  void nextChunk() {
    Slab.putLong(data, CHUNK_INDEX, chunkIndex() + 1);
    Slab.putInt(data, CHUNK_SIZE, 0);
  }

  /**
   * The open chunk's ticks if this state was read from a format that kept them (5 and older), once;
   * null otherwise. Whoever takes them must put them where the open chunk's rows are kept.
   */
  HistorySegment takeLegacyChunkRows() {
    HistorySegment rows = legacyChunkRows;
    legacyChunkRows = null;
    return rows;
  }

  // ---- binary form -------------------------------------------------------------------------

  /** Bytes of the array in use: everything up to the end of the open chunk's rows. */
  private int usedBytes() {
    return data.length;
  }

  private int lstmBytes() {
    return lstm == null ? 0 : 2 * Float.BYTES * lstm.numLayers() * lstm.hiddenSize();
  }

  public int serializedSize() {
    return form.storedBytes(usedBytes()) + lstmBytes();
  }

  /** The binary form (format 8): the array with the doubles {@link #storedAsFloats} as floats, then (h, c). */
  public byte[] toBytes() {
    LstmState l = lstm;
    data[VERSION] = FORMAT_VERSION;
    Slab.putInt(data, LSTM_LAYERS, l == null ? 0 : l.numLayers());
    Slab.putInt(data, LSTM_HIDDEN, l == null ? 0 : l.hiddenSize());
    byte[] out = new byte[serializedSize()];
    int used = form.write(data, usedBytes(), out, 0);
    if (l != null) {
      int at = used;
      for (int k = 0; k < l.numLayers(); k++) {
        at = putFloats(out, at, l.h(k));
        at = putFloats(out, at, l.c(k));
      }
    }
    return out;
  }

  /**
   * Writes the floats little-endian from {@code at}, two at a time: in the pipeline a FloatBuffer
   * view's bulk put of 2 × 32 floats cost 0.1 µs a tick (allocated views, checked copy), more than
   * the copy of the whole rest of the state.
   */
  private static int putFloats(byte[] out, int at, float[] values) {
    int i = 0;
    for (; i + 1 < values.length; i += 2, at += 8) {
      Slab.putLong(out, at, (Float.floatToRawIntBits(values[i]) & 0xFFFF_FFFFL)
          | ((long) Float.floatToRawIntBits(values[i + 1]) << 32));
    }
    if (i < values.length) {
      Slab.putFloat(out, at, values[i]);
      at += 4;
    }
    return at;
  }

  /** Reads a state written by {@link #toBytes} (or by formats 1 to 5); baseline parameters other than the SMA window come from the settings. */
  public static ForecastState fromBytes(byte[] bytes, BaselineSettings baselineSettings) {
    return fromBytes(bytes, baselineSettings, null);
  }

  /**
   * Reads a state written by {@link #toBytes} (or by formats 1 to 6) for an instance configured with
   * {@code horizons}. A state of another format, or written for other horizons, gets an empty
   * horizons region for these: the horizons after the first start afresh (no pending forecast, no
   * error figures), horizon 1 and everything else carry on.
   *
   * @param horizons the configured horizons; null to keep those the state was written with (the
   *     default horizons for a format before 7)
   */
  public static ForecastState fromBytes(byte[] bytes, BaselineSettings baselineSettings, Horizons horizons) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("empty forecast state");
    }
    ForecastState s = switch (bytes[VERSION]) {
      case 1 -> LegacyFormat.read(ByteBuffer.wrap(bytes, 1, bytes.length - 1).order(ByteOrder.BIG_ENDIAN), baselineSettings,
          orDefault(horizons));
      case 2 -> LegacyFormat.read(ByteBuffer.wrap(bytes, 1, bytes.length - 1).order(ByteOrder.LITTLE_ENDIAN), baselineSettings,
          orDefault(horizons));
      case 3 -> readWithChunkRows(withQualityRegion(withLastVolume(bytes), baselineSettings), baselineSettings, orDefault(horizons));
      case FORMAT_WITHOUT_QUALITY -> readWithChunkRows(withQualityRegion(bytes, baselineSettings), baselineSettings,
          orDefault(horizons));
      case FORMAT_WITH_CHUNK_ROWS -> readWithChunkRows(bytes, baselineSettings, orDefault(horizons));
      case FORMAT_WITHOUT_HORIZONS -> readWithoutHorizons(bytes, baselineSettings, orDefault(horizons));
      case FORMAT_ALL_DOUBLES -> read(bytes, baselineSettings, horizons, false);
      case FORMAT_VERSION -> read(bytes, baselineSettings, horizons, true);
      default -> throw new IllegalArgumentException("unknown forecast state format version " + bytes[VERSION]);
    };
    s.roundToStoredPrecision();
    return s;
  }

  private static Horizons orDefault(Horizons horizons) {
    return horizons == null ? Horizons.DEFAULT : horizons;
  }

  /**
   * Formats 8 ({@code compact}: some doubles as floats) and 7 (the array as it is in memory); the
   * horizons region is kept when it was written for {@code configured} (or configured is null).
   */
  private static ForecastState read(byte[] bytes, BaselineSettings baselineSettings, Horizons configured, boolean compact) {
    ForecastState layout = laidOutFor(bytes, baselineSettings, Horizons.NEXT_TICK);
    Horizons written = HorizonRegion.writtenAt(bytes, compact ? layout.form.storedBytes(layout.horizonsAt) : layout.horizonsAt);
    if (written == null) {
      throw new IllegalArgumentException("forecast state of " + bytes.length + " bytes has no valid horizons region");
    }
    boolean keepHorizons = configured == null || configured.equals(written);
    ForecastState s = laidOutFor(bytes, baselineSettings, keepHorizons ? written : configured);
    ForecastState asWritten = keepHorizons ? s : laidOutFor(bytes, baselineSettings, written);
    int length = asWritten.usedBytes();
    int used = compact ? asWritten.form.storedBytes(length) : length;
    s.checkLength(bytes, used);
    // the layouts of written and configured horizons agree up to the horizons region
    int copied = keepHorizons ? length : s.horizonsAt;
    if (compact) {
      s.form.read(bytes, 0, s.data, copied);
    } else {
      System.arraycopy(bytes, 0, s.data, 0, copied);
    }
    s.data[VERSION] = FORMAT_VERSION;
    s.readLstm(bytes, used);
    return s;
  }

  /** Format 6: format 7 up to its horizons region. */
  private static ForecastState readWithoutHorizons(byte[] bytes, BaselineSettings baselineSettings, Horizons horizons) {
    ForecastState s = laidOutFor(bytes, baselineSettings, horizons);
    s.checkLength(bytes, s.horizonsAt);
    System.arraycopy(bytes, 0, s.data, 0, s.horizonsAt);
    s.data[VERSION] = FORMAT_VERSION;
    s.readLstm(bytes, s.horizonsAt);
    return s;
  }

  /** Where format 5 put the open chunk's rows in a state of {@code layout}'s capacities. */
  private static int format5ChunkAt(ForecastState layout) {
    return layout.recentAt - (FEATURES - FORMAT_5_FEATURES) + layout.recentCapacity * Feature.COUNT * Float.BYTES;
  }

  /**
   * Format 5: the scalars without the first chunk time, the ring of recent inputs as floats and the
   * open chunk's rows after it.
   */
  private static ForecastState readWithChunkRows(byte[] bytes, BaselineSettings baselineSettings, Horizons horizons) {
    ForecastState s = laidOutFor(bytes, baselineSettings, horizons);
    int chunkSize = Slab.getInt(bytes, CHUNK_SIZE);
    if (chunkSize < 0 || chunkSize > s.chunkCapacity) {
      throw new IllegalArgumentException("open chunk of " + chunkSize + " ticks in a state of chunk capacity " + s.chunkCapacity);
    }
    int recentAt = s.recentAt - (FEATURES - FORMAT_5_FEATURES);
    int chunkAt = format5ChunkAt(s);
    int used = chunkAt + chunkSize * FORMAT_5_CHUNK_ROW;
    s.checkLength(bytes, used);
    System.arraycopy(bytes, 0, s.data, 0, FORMAT_5_FEATURES);
    System.arraycopy(bytes, FORMAT_5_FEATURES, s.data, FEATURES, recentAt - FORMAT_5_FEATURES);
    for (int i = 0; i < s.recentCapacity * Feature.COUNT; i++) {
      toBfloat16(s.data, s.recentAt + 2 * i, Slab.getFloat(bytes, recentAt + Float.BYTES * i));
    }
    s.data[VERSION] = FORMAT_VERSION;
    s.readLstm(bytes, used);
    if (chunkSize > 0) {
      long[] times = new long[chunkSize];
      double[] prices = new double[chunkSize];
      double[] volumes = new double[chunkSize];
      for (int i = 0; i < chunkSize; i++) {
        int row = chunkAt + i * FORMAT_5_CHUNK_ROW;
        times[i] = Slab.getLong(bytes, row);
        prices[i] = Slab.getDouble(bytes, row + 8);
        volumes[i] = Slab.getDouble(bytes, row + 16);
      }
      Slab.putLong(s.data, CHUNK_FIRST_TIME, times[0]);
      s.legacyChunkRows = new HistorySegment(null, s.chunkIndex(), times, prices, volumes);
    }
    return s;
  }

  /** An empty state laid out by the capacities in the header of {@code bytes} (formats 3 to 6 share it). */
  private static ForecastState laidOutFor(byte[] bytes, BaselineSettings baselineSettings, Horizons horizons) {
    if (bytes.length < TICK_COUNT) {
      throw new IllegalArgumentException("forecast state of " + bytes.length + " bytes is shorter than its header");
    }
    return new ForecastState(Slab.getInt(bytes, RECENT_CAPACITY), Slab.getInt(bytes, CHUNK_CAPACITY),
        withSmaWindow(baselineSettings, Slab.getInt(bytes, SMA_WINDOW)), horizons, false);
  }

  private static int lstmBytes(byte[] bytes) {
    int layers = Slab.getInt(bytes, LSTM_LAYERS);
    int hidden = Slab.getInt(bytes, LSTM_HIDDEN);
    return layers == 0 ? 0 : 2 * Float.BYTES * layers * hidden;
  }

  private void checkLength(byte[] bytes, int used) {
    int expected = used + lstmBytes(bytes);
    if (bytes.length != expected) {
      throw new IllegalArgumentException("forecast state of " + bytes.length + " bytes where its header says " + expected);
    }
  }

  /** Reads (h, c) from {@code at}, if the header says the state has them. */
  private void readLstm(byte[] bytes, int at) {
    int layers = Slab.getInt(bytes, LSTM_LAYERS);
    int hidden = Slab.getInt(bytes, LSTM_HIDDEN);
    if (layers > 0) {
      lstm = new LstmState(layers, hidden);
      FloatBuffer floats = ByteBuffer.wrap(bytes, at, lstmBytes(bytes)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      for (int k = 0; k < layers; k++) {
        floats.get(lstm.h(k)).get(lstm.c(k));
      }
    }
  }

  /**
   * A format 3 state in format 4 (then {@link #withQualityRegion} makes it format 5): the same
   * bytes with the last tick's volume inserted before the
   * feature statistics, taken from the open chunk's last row (NaN, unknown, when the chunk is empty).
   */
  private static byte[] withLastVolume(byte[] v3) {
    if (v3.length < FORMAT_3_FEATURES) {
      throw new IllegalArgumentException("forecast state of " + v3.length + " bytes is shorter than its header");
    }
    int shift = FORMAT_5_FEATURES - FORMAT_3_FEATURES;
    byte[] v4 = new byte[v3.length + shift];
    System.arraycopy(v3, 0, v4, 0, FORMAT_3_FEATURES);
    System.arraycopy(v3, FORMAT_3_FEATURES, v4, FORMAT_5_FEATURES, v3.length - FORMAT_3_FEATURES);
    v4[VERSION] = FORMAT_WITHOUT_QUALITY;
    double volume = Double.NaN;
    int chunkSize = Slab.getInt(v4, CHUNK_SIZE);
    if (chunkSize > 0) {
      ForecastState layout = new ForecastState(Slab.getInt(v4, RECENT_CAPACITY), Slab.getInt(v4, CHUNK_CAPACITY),
          withSmaWindow(BaselineSettings.DEFAULTS, Slab.getInt(v4, SMA_WINDOW)), Horizons.NEXT_TICK, false);
      int lastRow = format5ChunkAt(layout) - QUALITY_BYTES + (chunkSize - 1) * FORMAT_5_CHUNK_ROW; // format 4 has no quality region
      if (lastRow + FORMAT_5_CHUNK_ROW <= v4.length) {
        volume = Slab.getDouble(v4, lastRow + 16);
      }
    }
    Slab.putDouble(v4, LAST_VOLUME, volume);
    return v4;
  }

  /**
   * A format 4 state in format 5: the bytes up to the end of the error figures, an empty quality
   * region, then the rest (recent inputs, open chunk, LSTM state) as they were.
   */
  private static byte[] withQualityRegion(byte[] bytes, BaselineSettings baselineSettings) {
    if (bytes.length < TICK_COUNT) {
      throw new IllegalArgumentException("forecast state of " + bytes.length + " bytes is shorter than its header");
    }
    ForecastState layout = new ForecastState(Slab.getInt(bytes, RECENT_CAPACITY), Slab.getInt(bytes, CHUNK_CAPACITY),
        withSmaWindow(baselineSettings, Slab.getInt(bytes, SMA_WINDOW)), Horizons.NEXT_TICK, false);
    int cut = layout.qualityAt - (FEATURES - FORMAT_5_FEATURES); // in the bytes of format 4

    if (bytes.length < cut) {
      throw new IllegalArgumentException("forecast state of " + bytes.length + " bytes is shorter than its fixed fields");
    }
    byte[] out = new byte[bytes.length + QUALITY_BYTES];
    System.arraycopy(bytes, 0, out, 0, cut);
    System.arraycopy(bytes, cut, out, cut + QUALITY_BYTES, bytes.length - cut);
    out[VERSION] = FORMAT_WITH_CHUNK_ROWS;
    return out;
  }

  private static BaselineSettings withSmaWindow(BaselineSettings b, int smaWindow) {
    return smaWindow == b.smaWindow() ? b
        : new BaselineSettings(smaWindow, b.emaAlpha(), b.kalmanSignalToNoise(), b.arForgetting());
  }

  /**
   * Formats 1 and 2: the same fields written one by one (format 1 big-endian, 2 little-endian).
   * They kept the pending forecasts as returns only; the prices they imply are computed as the
   * code of those formats computed them when it scored them.
   */
  private static final class LegacyFormat {
    static ForecastState read(ByteBuffer in, BaselineSettings baselineSettings, Horizons horizons) {
      int recentCapacity = in.getInt();
      int chunkCapacity = in.getInt();
      int sma = in.getInt();
      ForecastState s = new ForecastState(recentCapacity, chunkCapacity, withSmaWindow(baselineSettings, sma), horizons, true);
      byte[] d = s.data;
      Slab.putLong(d, TICK_COUNT, in.getLong());
      Slab.putLong(d, LAST_TIME, in.getLong());
      double lastPrice = in.getDouble();
      Slab.putDouble(d, LAST_PRICE, lastPrice);
      s.features.readLegacy(in);
      s.baselines.readLegacy(in);
      for (OnlineErrors e : s.errors) {
        e.readLegacy(in);
      }
      s.hasPending(in.get() != 0);
      double emitted = in.getDouble();
      double lstm = in.getDouble();
      s.pending(emitted, lastPrice * Math.exp(emitted), lstm, lastPrice * Math.exp(lstm));
      for (int i = 0; i < Baselines.COUNT; i++) {
        double r = in.getDouble();
        s.pendingBaseline(i, r, lastPrice * Math.exp(r));
      }
      s.lastSource(ForecastSource.values()[in.get()]);
      s.fallbackActive(in.get() != 0);
      Slab.putLong(d, FALLBACKS, in.getLong());
      s.lastModelVersion(in.getInt());
      s.modelVersion(in.getInt());
      if (in.get() != 0) {
        s.lstm = LstmState.readFrom(in);
      }
      int recentCount = in.getInt();
      float[] input = new float[Feature.COUNT];
      for (int k = 0; k < recentCount; k++) {
        for (int f = 0; f < Feature.COUNT; f++) {
          input[f] = in.getFloat();
        }
        s.pushRecent(input); // oldest first, as written
      }
      Slab.putLong(d, CHUNK_INDEX, in.getLong());
      long openedAt = in.getLong();
      int n = in.getInt();
      long[] times = new long[n];
      double[] prices = new double[n];
      for (int i = 0; i < n; i++) {
        times[i] = in.getLong();
      }
      for (int i = 0; i < n; i++) {
        prices[i] = in.getDouble();
      }
      double[] volumes = new double[n];
      for (int i = 0; i < n; i++) {
        volumes[i] = in.getDouble();
      }
      Slab.putDouble(d, LAST_VOLUME, n > 0 ? volumes[n - 1] : Double.NaN);
      Slab.putLong(d, CHUNK_OPENED_AT, openedAt);
      Slab.putInt(d, CHUNK_SIZE, n);
      if (n > 0) {
        Slab.putLong(d, CHUNK_FIRST_TIME, times[0]);
        s.legacyChunkRows = new HistorySegment(null, s.chunkIndex(), times, prices, volumes);
      }
      return s;
    }
  }
}

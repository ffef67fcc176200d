package io.tickcast.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.tickcast.features.Feature;
import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.features.SymbolFeatures;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.StateDict;
import io.tickcast.lstm.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForecastEngineTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long NOW = T0 + 10_000_000_000L;
  private final ForecastSettings settings = ForecastSettings.DEFAULTS
      .withFeatures(new FeatureSettings(100, 10, 6.0))
      .withChunk(8, 3_600_000L)
      .withErrors(20, 10, 0.02);

  private static ForecastModel randomModel(int version, long seed) {
    LstmModel lstm = LstmModel.initialise(FeatureSpec.DEFAULT.size(), 8, 1, seed, 1.0f);
    return new ForecastModel("m", version, lstm, FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS);
  }

  /** A model whose head always outputs {@code z}: a predictable, deliberately wrong forecaster. */
  private static ForecastModel constantModel(int version, float z) {
    StateDict d = LstmModel.initialise(FeatureSpec.DEFAULT.size(), 4, 1, 1, 0f).withZeroHead().toStateDict();
    d.put("head.bias", Tensor.vector(z));
    return new ForecastModel("m", version, LstmModel.fromStateDict(d), FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS);
  }

  private static double[] randomWalk(int n, long seed) {
    Random rnd = new Random(seed);
    double[] p = new double[n];
    p[0] = 100;
    for (int i = 1; i < n; i++) {
      p[i] = p[i - 1] * Math.exp(0.01 * rnd.nextGaussian());
    }
    return p;
  }

  @Test
  void firstTicksAreWarmUpWithTheNaiveForecast() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState state = engine.newState();
    double[] p = randomWalk(20, 1);
    StepResult r = new StepResult();
    for (int i = 0; i < 20; i++) {
      engine.step(state, "S", T0 + i * 1000L, p[i], Double.NaN, randomModel(1, 5), NOW, r);
      assertThat(r.outcome).isEqualTo(StepResult.Outcome.ACCEPTED);
      // steps() counts returns: tick i has i returns; warm-up lasts 10 returns
      if (i < 10) {
        assertThat(r.source).isEqualTo(ForecastSource.WARMUP);
        assertThat(r.predictedPrice).isEqualTo(p[i]);
      } else {
        assertThat(r.source).isEqualTo(ForecastSource.LSTM);
        assertThat(r.predictedReturn).isEqualTo(r.lstmReturn);
      }
      assertThat(r.tickCount).isEqualTo(i + 1);
      assertThat(r.intervalLow).isLessThanOrEqualTo(r.predictedPrice);
      assertThat(r.intervalHigh).isGreaterThanOrEqualTo(r.predictedPrice);
    }
  }

  @Test
  void staleTicksLeaveTheStateUntouched() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState state = engine.newState();
    StepResult r = new StepResult();
    ForecastModel m = randomModel(1, 5);
    engine.step(state, "S", T0, 100, Double.NaN, m, NOW, r);
    engine.step(state, "S", T0 + 1000, 101, Double.NaN, m, NOW, r);
    byte[] before = state.toBytes();
    assertThat(engine.step(state, "S", T0 + 500, 99, Double.NaN, m, NOW, r).outcome).isEqualTo(StepResult.Outcome.STALE_DROPPED);
    assertThat(engine.step(state, "S", T0 + 999, 101, Double.NaN, m, NOW, r).outcome).isEqualTo(StepResult.Outcome.STALE_DROPPED);
    assertThat(state.toBytes()).isEqualTo(before);

    ForecastEngine strict = new ForecastEngine(settings.withStalePolicy(StalePolicy.DEAD_LETTER));
    assertThat(strict.step(state, "S", T0 + 500, 99, Double.NaN, m, NOW, r).rejectReason).isEqualTo(RejectReason.OUT_OF_ORDER);
    assertThat(state.toBytes()).isEqualTo(before);
  }

  @Test
  void ticksWithTheSameTimeAsTheLastAreProcessedInArrivalOrderAsAZeroGap() {
    ForecastEngine engine = new ForecastEngine(settings.withStalePolicy(StalePolicy.DEAD_LETTER));
    ForecastState state = engine.newState();
    StepResult r = new StepResult();
    ForecastModel m = randomModel(1, 5);
    engine.step(state, "S", T0, 100, 5.0, m, NOW, r);
    double[] prices = {100.5, 100.25, 100.25, 100.75};
    for (int i = 0; i < prices.length; i++) {
      engine.step(state, "S", T0 + 60_000, prices[i], 5.0, m, NOW, r);
      assertThat(r.outcome).as("tick %d stamped like the one before", i).isEqualTo(StepResult.Outcome.ACCEPTED);
      assertThat(r.lastPrice).isEqualTo(prices[i]);
      assertThat(r.tickCount).isEqualTo(i + 2);
    }
    // the zero gaps read as the 1 ms floor, exactly as the trainer's feature code reads them
    SymbolFeatures direct = new SymbolFeatures();
    float[] full = new float[Feature.COUNT];
    direct.next(Math.log(100.25 / 100.5), 0, 5.0, settings.features(), full, 0);
    SymbolFeatures floor = new SymbolFeatures();
    float[] atOneMilli = new float[Feature.COUNT];
    floor.next(Math.log(100.25 / 100.5), 1, 5.0, settings.features(), atOneMilli, 0);
    assertThat(full).containsExactly(atOneMilli);
  }

  @Test
  void exactDuplicatesAreKeptByDefaultAndDroppedUntouchedWhenConfigured() {
    ForecastModel m = randomModel(1, 5);
    StepResult r = new StepResult();
    ForecastEngine keeping = new ForecastEngine(settings);
    ForecastState kept = keeping.newState();
    keeping.step(kept, "S", T0, 100, 7.0, m, NOW, r);
    keeping.step(kept, "S", T0 + 1000, 101, 7.0, m, NOW, r);
    assertThat(keeping.step(kept, "S", T0 + 1000, 101, 7.0, m, NOW, r).outcome).isEqualTo(StepResult.Outcome.ACCEPTED);
    assertThat(kept.tickCount()).isEqualTo(3);

    ForecastEngine dropping = new ForecastEngine(settings.withDropDuplicates(true));
    ForecastState state = dropping.newState();
    dropping.step(state, "S", T0, 100, 7.0, m, NOW, r);
    dropping.step(state, "S", T0 + 1000, 101, Double.NaN, m, NOW, r);
    byte[] before = state.toBytes();
    assertThat(dropping.step(state, "S", T0 + 1000, 101, Double.NaN, m, NOW, r).outcome).isEqualTo(StepResult.Outcome.DUPLICATE);
    assertThat(state.toBytes()).isEqualTo(before);
    // the same time and price with another volume is another trade, not a duplicate
    assertThat(dropping.step(state, "S", T0 + 1000, 101, 2.0, m, NOW, r).outcome).isEqualTo(StepResult.Outcome.ACCEPTED);
    assertThat(dropping.step(state, "S", T0 + 1000, 101, 2.0, m, NOW, r).outcome).isEqualTo(StepResult.Outcome.DUPLICATE);
    assertThat(state.lastVolume()).isEqualTo(2.0);
  }

  @Test
  void invalidTicksAreNamedByReason() {
    ForecastEngine engine = new ForecastEngine(settings);
    assertThat(engine.validate("S", T0, 1.0, Double.NaN, NOW)).isNull();
    assertThat(engine.validate("", T0, 1.0, Double.NaN, NOW)).isEqualTo(RejectReason.EMPTY_SYMBOL);
    assertThat(engine.validate("S".repeat(5000), T0, 1.0, Double.NaN, NOW)).isEqualTo(RejectReason.SYMBOL_TOO_LONG);
    assertThat(engine.validate("S", T0, Double.NaN, Double.NaN, NOW)).isEqualTo(RejectReason.PRICE_NOT_FINITE);
    assertThat(engine.validate("S", T0, Double.POSITIVE_INFINITY, Double.NaN, NOW)).isEqualTo(RejectReason.PRICE_NOT_FINITE);
    assertThat(engine.validate("S", T0, 0.0, Double.NaN, NOW)).isEqualTo(RejectReason.PRICE_NOT_POSITIVE);
    assertThat(engine.validate("S", T0, -3.0, Double.NaN, NOW)).isEqualTo(RejectReason.PRICE_NOT_POSITIVE);
    assertThat(engine.validate("S", T0, 1.0, -1.0, NOW)).isEqualTo(RejectReason.VOLUME_INVALID);
    assertThat(engine.validate("S", 0, 1.0, Double.NaN, NOW)).isEqualTo(RejectReason.TIMESTAMP_INVALID);
    assertThat(engine.validate("S", NOW + 2 * 86_400_000L, 1.0, Double.NaN, NOW)).isEqualTo(RejectReason.TIMESTAMP_INVALID);
  }

  @Test
  void historyChunksCloseByCountAndCarryEveryAcceptedTickOnce() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState state = engine.newState();
    StepResult r = new StepResult();
    double[] p = randomWalk(30, 2);
    List<HistorySegment> chunks = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      engine.step(state, "S", T0 + i * 1000L, p[i], i % 3 == 0 ? 7.0 : Double.NaN, randomModel(1, 5), NOW, r);
      if (r.closedChunk != null) {
        chunks.add(r.closedChunk);
      }
    }
    assertThat(chunks).hasSize(3);
    for (int c = 0; c < 3; c++) {
      assertThat(chunks.get(c).chunkIndex()).isEqualTo(c);
      assertThat(chunks.get(c).size()).isEqualTo(8);
      assertThat(chunks.get(c).prices()[0]).isEqualTo(p[c * 8]);
      assertThat(chunks.get(c).times()[7]).isEqualTo(T0 + (c * 8 + 7) * 1000L);
    }
    assertThat(chunks.get(0).volumes()[0]).isEqualTo(7.0);
    assertThat(chunks.get(0).volumes()[1]).isNaN();
    assertThat(state.openChunkSize()).isEqualTo(6);
    assertThat(engine.closeIdleChunk(state, "S", NOW + 1000)).isNull();
    HistorySegment idle = engine.closeIdleChunk(state, "S", NOW + 3_600_000L);
    assertThat(idle.size()).isEqualTo(6);
    assertThat(idle.chunkIndex()).isEqualTo(3);
  }

  @Test
  void aChunkAlsoClosesWhenItSpansTheChunkTime() {
    ForecastEngine engine = new ForecastEngine(settings.withChunk(1000, 10_000));
    ForecastState state = engine.newState();
    StepResult r = new StepResult();
    engine.step(state, "S", T0, 100, Double.NaN, randomModel(1, 5), NOW, r);
    engine.step(state, "S", T0 + 5_000, 100.5, Double.NaN, randomModel(1, 5), NOW, r);
    assertThat(r.closedChunk).isNull();
    engine.step(state, "S", T0 + 10_000, 101, Double.NaN, randomModel(1, 5), NOW, r);
    assertThat(r.closedChunk).isNotNull();
    assertThat(r.closedChunk.size()).isEqualTo(3);
  }

  @Test
  void aRestoredStateContinuesBitForBit() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState live = engine.newState();
    StepResult a = new StepResult();
    StepResult b = new StepResult();
    ForecastModel m = randomModel(1, 11);
    double[] p = randomWalk(120, 4);
    for (int i = 0; i < 60; i++) {
      engine.step(live, "S", T0 + i * 1000L, p[i], 3.0 + i, m, NOW, a);
    }
    ForecastState restored = ForecastState.fromBytes(live.toBytes(), settings.baselines());
    assertThat(restored.toBytes()).isEqualTo(live.toBytes());
    for (int i = 60; i < 120; i++) {
      engine.step(live, "S", T0 + i * 1000L, p[i], 3.0 + i, m, NOW, a);
      engine.step(restored, "S", T0 + i * 1000L, p[i], 3.0 + i, m, NOW, b);
      assertThat(b.predictedPrice).isEqualTo(a.predictedPrice);
      assertThat(b.intervalHigh).isEqualTo(a.intervalHigh);
      assertThat(b.baselineReturns).containsExactly(a.baselineReturns);
    }
  }

  /**
   * A state written to its binary form and read back after every tick, as a state evicted from the
   * decoded cache is, predicts bit for bit what the state kept in memory predicts: the doubles the
   * binary form keeps as floats are rounded in memory too.
   */
  @Test
  void aStateReadBackAfterEveryTickPredictsBitForBitWhatTheStateInMemoryPredicts() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState live = engine.newState();
    ForecastState stored = engine.newState();
    StepResult a = new StepResult();
    StepResult b = new StepResult();
    ForecastModel m = randomModel(1, 11);
    double[] p = randomWalk(300, 5);
    for (int i = 0; i < 300; i++) {
      engine.step(live, "S", T0 + i * 1000L, p[i], 3.0 + i, m, NOW, a);
      engine.step(stored, "S", T0 + i * 1000L, p[i], 3.0 + i, m, NOW, b);
      stored = ForecastState.fromBytes(stored.toBytes(), settings.baselines(), settings.quality().horizons());
      assertThat(b.predictedPrice).as("tick %d", i).isEqualTo(a.predictedPrice);
      assertThat(b.intervalLow).isEqualTo(a.intervalLow);
      assertThat(b.intervalHigh).isEqualTo(a.intervalHigh);
      assertThat(Double.doubleToLongBits(b.skillVsNaive)).isEqualTo(Double.doubleToLongBits(a.skillVsNaive));
      for (int k = 1; k < settings.quality().horizons().count(); k++) {
        assertThat(b.horizon(k).predictedPrice).isEqualTo(a.horizon(k).predictedPrice);
        assertThat(b.horizon(k).intervalHigh).isEqualTo(a.horizon(k).intervalHigh);
      }
    }
    assertThat(stored.toBytes()).isEqualTo(live.toBytes());
  }

  /**
   * States written by the code of formats 1 and 2 (src/test/resources/forecast-state, made by that
   * code from the ticks in legacy-ticks.csv), and of formats 3 and 4 (state-v2.bin read and written
   * again by the code of format 3, and of format 4): read back, their LSTM goes on predicting what that code's LSTM predicted
   * after them (not bit for bit: formats 3 and later keep the pending forecasts as prices, which
   * moves the last digits). The emitted forecast and its interval are now the combination and the
   * conformal band, which those formats did not have: they start from the state's error figures
   * (the blend) and from the normal interval (the band), so the first interval is the one that code
   * published. The ticks of the open chunk they carried lead the chunk that closes next.
   */
  @ParameterizedTest
  @ValueSource(strings = {"state-v1.bin", "state-v2.bin", "state-v3.bin", "state-v4.bin"})
  void statesWrittenInFormats1To4AreReadAndTheirLstmGoesOnPredictingWhatTheirCodePredicted(String file) throws Exception {
    ForecastEngine engine = new ForecastEngine(ForecastSettings.DEFAULTS);
    LstmModel lstm = LstmModel.initialise(FeatureSpec.DEFAULT.size(), 8, 1, 12, 1.0f);
    ForecastModel m = new ForecastModel("m", 1, lstm, FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS);
    byte[] legacy = readResource(file);
    ForecastState state = ForecastState.fromBytes(legacy, ForecastSettings.DEFAULTS.baselines());
    HistorySegment carried = ForecastState.fromBytes(legacy, ForecastSettings.DEFAULTS.baselines()).takeLegacyChunkRows();
    assertThat(carried.size()).isEqualTo(38);
    long openIndex = state.chunkIndex();
    assertThat(state.tickCount()).isEqualTo(100);
    assertThat(state.modelVersion()).isEqualTo(1);
    assertThat(state.openChunkSize()).as("ticks since the last chunk closed by its 60 s").isEqualTo(38);
    assertThat(state.lastVolume()).as("the open chunk's last volume").isNotNaN();
    assertThat(ForecastState.fromBytes(state.toBytes(), ForecastSettings.DEFAULTS.baselines()).toBytes())
        .as("read again in this format").isEqualTo(state.toBytes());
    StepResult r = new StepResult();
    HistorySegment next = null;
    int compared = 0;
    for (String line : new String(readResource("legacy-ticks.csv"), StandardCharsets.UTF_8).split("\n")) {
      String[] f = line.split(",");
      if (line.startsWith("#") || line.startsWith("time") || f.length < 10) {
        continue;
      }
      long time = Long.parseLong(f[0]);
      engine.step(state, "S", time, Double.parseDouble(f[1]), Double.parseDouble(f[2]), m, T0 + 10_000_000_000L, r);
      assertThat(r.outcome).isEqualTo(StepResult.Outcome.ACCEPTED);
      if (next == null && r.closedChunk != null) {
        next = r.closedChunk;
      }
      assertThat(r.tickCount).isEqualTo(Long.parseLong(f[4]));
      // to float roundings of the recurrent state: the vector kernels' lane sums may be ordered
      // otherwise once the JIT compiles a differently shaped caller, and a last-bit difference in
      // (h, c) carries over the 40 ticks (an ulp of z ~ 1, times a return scale of 1e-3, is 1e-8 %
      // of the price)
      assertThat(r.lstmPrice).as("LSTM price at %d", time).isCloseTo(Double.parseDouble(f[6]), withinPercentage(1e-7));
      assertThat(r.source).isIn(ForecastSource.LSTM, ForecastSource.BLEND, ForecastSource.FALLBACK);
      assertThat(r.intervalLow).isLessThan(r.predictedPrice);
      assertThat(r.intervalHigh).isGreaterThan(r.predictedPrice);
      if (compared == 0) {
        // the first emitted forecast after reading: the blend was seeded from the figures the state kept
        assertThat(state.blend.updates()).isPositive();
        assertThat(r.normalIntervalLow / r.predictedPrice).as("the normal interval's relative width, as that code had it")
            .isCloseTo(Double.parseDouble(f[7]) / Double.parseDouble(f[5]), withinPercentage(1e-6));
      }
      compared++;
    }
    assertThat(compared).isEqualTo(40);
    assertThat(next).as("a chunk closed").isNotNull();
    assertThat(next.chunkIndex()).isEqualTo(openIndex);
    assertThat(java.util.Arrays.copyOf(next.times(), 38)).containsExactly(carried.times());
    assertThat(java.util.Arrays.copyOf(next.prices(), 38)).containsExactly(carried.prices());
  }

  /**
   * Format 4 (before the quality region): a state written by that code reads back with an empty
   * region, which the next tick seeds.
   */
  @Test
  void aFormat4StateIsReadWithAnEmptyQualityRegion() throws Exception {
    // state-v4.bin: state-v2.bin read and written by the code of format 4, which had no quality region
    ForecastState read = ForecastState.fromBytes(readResource("state-v4.bin"), ForecastSettings.DEFAULTS.baselines());
    assertThat(read.blend.updates()).isZero();
    assertThat(read.band.updates()).isZero();
    assertThat(read.toBytes()[0]).isEqualTo(ForecastState.FORMAT_VERSION);
    ForecastEngine engine = new ForecastEngine(ForecastSettings.DEFAULTS);
    StepResult r = new StepResult();
    engine.step(read, "S", read.lastTime() + 1000L, read.lastPrice() * 1.001, Double.NaN,
        new ForecastModel("m", 1, LstmModel.initialise(FeatureSpec.DEFAULT.size(), 8, 1, 12, 1.0f), FeatureSpec.DEFAULT,
            FeatureSettings.DEFAULTS), NOW, r);
    assertThat(read.blend.updates()).isPositive();
    assertThat(read.band.updates()).isEqualTo(1);
  }

  @Test
  void anUnknownFormatVersionAndATruncatedStateAreRefused() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState live = engine.newState();
    StepResult r = new StepResult();
    double[] p = randomWalk(20, 9);
    for (int i = 0; i < 20; i++) {
      engine.step(live, "S", T0 + i * 1000L, p[i], 3.0 + i, randomModel(1, 12), NOW, r);
    }
    byte[] bytes = live.toBytes();
    assertThat(bytes[0]).isEqualTo(ForecastState.FORMAT_VERSION);
    bytes[0] = 9;
    assertThatThrownBy(() -> ForecastState.fromBytes(bytes, settings.baselines()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
    byte[] truncated = java.util.Arrays.copyOf(live.toBytes(), bytes.length - 1);
    assertThatThrownBy(() -> ForecastState.fromBytes(truncated, settings.baselines()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("where its header says " + bytes.length);
  }

  private static byte[] readResource(String name) throws java.io.IOException {
    try (var in = ForecastEngineTest.class.getResourceAsStream("/forecast-state/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void aNewModelReWarmsTheStateFromRecentInputsWithoutMixingModels() {
    ForecastSettings s = settings;
    ForecastEngine engine = new ForecastEngine(s);
    ForecastState state = engine.newState();
    StepResult r = new StepResult();
    double[] p = randomWalk(200, 6);
    ForecastModel v1 = randomModel(1, 21);
    ForecastModel v2 = randomModel(2, 22);
    for (int i = 0; i < 150; i++) {
      engine.step(state, "S", T0 + i * 1000L, p[i], Double.NaN, v1, NOW, r);
      assertThat(r.rewarmed).isFalse();
    }
    // Reference: a zero state run by v2 over exactly the recent inputs the state kept.
    ForecastState copy = ForecastState.fromBytes(state.toBytes(), s.baselines());
    engine.step(state, "S", T0 + 150_000L, p[150], Double.NaN, v2, NOW, r);
    assertThat(r.rewarmed).isTrue();
    assertThat(r.modelVersion).isEqualTo(2);
    assertThat(state.modelVersion()).isEqualTo(2);

    io.tickcast.lstm.LstmState ref = v2.lstm().newState();
    float[] x = new float[4];
    assertThat(copy.recentCount()).isEqualTo(s.rewarmWindow());
    for (int k = 0; k < copy.recentCount(); k++) {
      copy.recentInput(k, x);
      v2.lstm().step(x, ref);
    }
    // the input of the tick that brought v2, exactly as the engine computed it (the ring keeps it rounded)
    copy.features.next(Math.log(p[150] / p[149]), 1000L, Double.NaN, s.features(), x, 0);
    float[] kept = new float[4];
    state.recentInput(state.recentCount() - 1, kept);
    for (int f = 0; f < 4; f++) {
      assertThat(kept[f]).as("kept input, feature %d, as bfloat16", f).isCloseTo(x[f], within(Math.abs(x[f]) / 256 + 1e-30f));
    }
    float z = v2.lstm().step(x, ref);
    assertThat(state.lstm.h(0)).containsExactly(ref.h(0));
    assertThat(state.lstm.c(0)).containsExactly(ref.c(0));
    assertThat(r.lstmReturn).isCloseTo(state.features.returnFromZ(Math.max(-4, Math.min(4, z))), within(1e-15));
  }

  @Test
  void theCombinationDropsALosingModelAsFallbackAndTakesANewModelBackIn() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState state = engine.newState();
    StepResult r = new StepResult();
    double[] p = randomWalk(400, 8);
    ForecastModel bad = constantModel(1, 3.0f);   // always predicts a 3-sigma rise
    int engagedAt = -1;
    for (int i = 0; i < 200; i++) {
      engine.step(state, "S", T0 + i * 1000L, p[i], Double.NaN, bad, NOW, r);
      if (r.fallbackEngaged) {
        engagedAt = i;
      }
      if (i < 10 + 10) {
        assertThat(r.source).as("warm-up, then the LSTM alone until it is scored 10 times").isIn(ForecastSource.WARMUP,
            ForecastSource.LSTM);
      }
      if (engagedAt >= 0) {
        // the LSTM is out of the combination: the emitted return is a weighted mean of the baselines'
        assertThat(r.source).isEqualTo(ForecastSource.FALLBACK);
        double lo = java.util.Arrays.stream(r.baselineReturns).min().orElseThrow();
        double hi = java.util.Arrays.stream(r.baselineReturns).max().orElseThrow();
        assertThat(r.predictedReturn).isBetween(lo - 1e-12, hi + 1e-12);
        assertThat(r.lstmReturn).isNotZero();
      }
    }
    assertThat(engagedAt).isBetween(10 + 10, 40);
    assertThat(state.fallbacks()).isEqualTo(1);
    // Then a new model arrives (it starts level with naive in the combination) and the price
    // drifts up: a model forecasting the running mean return beats naive and is taken back in.
    ForecastModel fair = constantModel(2, 0.0f);
    Random rnd = new Random(99);
    double price = p[199];
    boolean released = false;
    int i = 200;
    for (; i < 600 && !released; i++) {
      price *= Math.exp(0.004 + 0.002 * rnd.nextGaussian());
      engine.step(state, "S", T0 + i * 1000L, price, Double.NaN, fair, NOW, r);
      released = r.fallbackReleased;
    }
    assertThat(released).isTrue();
    assertThat(i).as("taken back on the new model's first tick").isEqualTo(201);
    for (int k = 0; k < 100; k++, i++) {
      price *= Math.exp(0.004 + 0.002 * rnd.nextGaussian());
      engine.step(state, "S", T0 + i * 1000L, price, Double.NaN, fair, NOW, r);
    }
    assertThat(r.source).isIn(ForecastSource.LSTM, ForecastSource.BLEND);
    assertThat(state.skillVsNaive(ForecastState.EMITTED)).isGreaterThan(0.5);
    assertThat(state.fallbacks()).isEqualTo(1);
  }

  @Test
  void theLatestPredictionCanBeReadBackFromTheStateAlone() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState state = engine.newState();
    StepResult r = new StepResult();
    double[] p = randomWalk(80, 14);
    for (int i = 0; i < 80; i++) {
      engine.step(state, "S", T0 + i * 1000L, p[i], Double.NaN, randomModel(3, 7), NOW, r);
      StepResult d = engine.describeLast(ForecastState.fromBytes(state.toBytes(), settings.baselines()), "m", new StepResult());
      assertThat(d.predictedPrice).isEqualTo(r.predictedPrice);
      assertThat(d.lstmPrice).isEqualTo(r.lstmPrice);
      assertThat(d.intervalLow).isEqualTo(r.intervalLow);
      assertThat(d.intervalHigh).isEqualTo(r.intervalHigh);
      assertThat(d.source).isEqualTo(r.source);
      assertThat(d.modelVersion).isEqualTo(3);
      assertThat(d.tickCount).isEqualTo(r.tickCount);
      assertThat(d.baselineReturns).containsExactly(r.baselineReturns);
    }
  }

  @Test
  void onlineErrorsScoreEveryForecasterOnTheSameTicks() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState state = engine.newState();
    StepResult r = new StepResult();
    double[] p = randomWalk(100, 12);
    for (int i = 0; i < 100; i++) {
      engine.step(state, "S", T0 + i * 1000L, p[i], Double.NaN, randomModel(1, 3), NOW, r);
    }
    long scored = state.errors(0).count();
    assertThat(scored).isEqualTo(100 - 1 - 10);
    for (int k = 0; k < state.errorCount(); k++) {
      assertThat(state.errors(k).count()).as(ForecastState.errorName(k)).isEqualTo(scored);
    }
    assertThat(state.skillVsNaive(ForecastState.FIRST_BASELINE)).isZero();
  }

  @Test
  void stateSizeForHiddenSize32() {
    ForecastEngine engine = new ForecastEngine(ForecastSettings.DEFAULTS);
    ForecastState state = engine.newState();
    StepResult r = new StepResult();
    ForecastModel m = ForecastModel.defaultModel("tickcast", FeatureSettings.DEFAULTS);
    double[] p = randomWalk(1000, 13);
    int max = 0;
    int min = Integer.MAX_VALUE;
    for (int i = 0; i < 1000; i++) {
      engine.step(state, "S", T0 + i * 1000L, p[i], 1.0, m, NOW, r);
      max = Math.max(max, state.serializedSize());
      min = i == 0 ? min : Math.min(min, state.serializedSize());
      // the size is computed, not measured: it must be exactly what toBytes writes
      assertThat(state.toBytes()).as("bytes written at tick %d", i).hasSize(state.serializedSize());
    }
    System.out.printf("forecast state for H=32, defaults: %d bytes whatever the open history chunk holds%n", max);
    assertThat(min).as("the open chunk's ticks are not in the state").isEqualTo(max);
    // documented in the README: the state stays well under 4 KiB with the default settings
    assertThat(max).isLessThan(4096);
  }
}

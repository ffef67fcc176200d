package io.tickcast.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.lstm.LstmModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The horizons after the first ({@code forecast.horizons}): pending forecasts, scoring, intervals, state. */
class HorizonForecastsTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long NOW = T0 + 10_000_000_000L;
  private static final int WARMUP = 10;
  private final ForecastSettings settings = ForecastSettings.DEFAULTS
      .withFeatures(new FeatureSettings(100, WARMUP, 6.0))
      .withErrors(200, 50, 0.02)
      .withQuality(ForecastSettings.QualitySettings.DEFAULTS.withHorizons(Horizons.of(1, 3, 7)));

  /** The built-in model's shape (zero head): it forecasts the running mean return, so its errors are easy to follow. */
  private static ForecastModel zeroModel() {
    return ForecastModel.defaultModel("m", FeatureSettings.DEFAULTS);
  }

  /** Prices whose log-returns follow r_t = φ·r_{t−1} + σ·ε_t. */
  private static double[] ar1Prices(int n, double phi, double sigma, long seed) {
    Random rnd = new Random(seed);
    double[] p = new double[n];
    p[0] = 100;
    double r = 0;
    for (int i = 1; i < n; i++) {
      r = phi * r + sigma * rnd.nextGaussian();
      p[i] = p[i - 1] * Math.exp(r);
    }
    return p;
  }

  private List<StepResult.Horizon[]> walk(ForecastEngine engine, ForecastState state, double[] p, ForecastModel model) {
    List<StepResult.Horizon[]> out = new ArrayList<>();
    StepResult r = new StepResult();
    for (int i = 0; i < p.length; i++) {
      engine.step(state, "S", T0 + i * 1000L, p[i], Double.NaN, model, NOW, r);
      assertThat(r.outcome).isEqualTo(StepResult.Outcome.ACCEPTED);
      StepResult.Horizon[] copy = new StepResult.Horizon[r.horizonCount];
      for (int k = 0; k < r.horizonCount; k++) {
        StepResult.Horizon h = r.horizon(k);
        StepResult.Horizon c = new StepResult.Horizon();
        c.ticks = h.ticks;
        c.predictedReturn = h.predictedReturn;
        c.predictedPrice = h.predictedPrice;
        c.intervalLow = h.intervalLow;
        c.intervalHigh = h.intervalHigh;
        c.source = h.source;
        c.lstmReturn = h.lstmReturn;
        c.arReturn = h.arReturn;
        c.emaReturn = h.emaReturn;
        c.skillVsNaive = h.skillVsNaive;
        c.intervalScored = h.intervalScored;
        c.intervalCovered = h.intervalCovered;
        copy[k] = c;
      }
      out.add(copy);
    }
    return out;
  }

  @Test
  void everyPredictionCarriesEveryHorizonAndHorizonOneRepeatsTheTopLevelFields() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState state = engine.newState();
    double[] p = ar1Prices(40, 0.0, 0.01, 1);
    StepResult r = new StepResult();
    for (int i = 0; i < p.length; i++) {
      engine.step(state, "S", T0 + i * 1000L, p[i], Double.NaN, zeroModel(), NOW, r);
      assertThat(r.horizonCount).isEqualTo(3);
      assertThat(r.horizon(0).ticks).isEqualTo(1);
      assertThat(r.horizon(1).ticks).isEqualTo(3);
      assertThat(r.horizon(2).ticks).isEqualTo(7);
      assertThat(r.horizon(0).predictedPrice).isEqualTo(r.predictedPrice);
      assertThat(r.horizon(0).intervalLow).isEqualTo(r.intervalLow);
      assertThat(r.horizon(0).source).isEqualTo(r.source);
      for (int k = 1; k < 3; k++) {
        StepResult.Horizon h = r.horizon(k);
        assertThat(h.predictedPrice).isCloseTo(p[i] * Math.exp(h.predictedReturn), within(1e-9 * p[i]));
        assertThat(h.intervalLow).isLessThanOrEqualTo(h.predictedPrice);
        assertThat(h.intervalHigh).isGreaterThanOrEqualTo(h.predictedPrice);
        assertThat(h.source).isEqualTo(i < WARMUP ? ForecastSource.WARMUP : ForecastSource.LSTM);
      }
    }
  }

  @Test
  void aForecastIsScoredByTheHthNextTickAgainstTheReturnOverThoseTicks() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState state = engine.newState();
    double[] p = ar1Prices(300, 0.0, 0.01, 2);
    List<StepResult.Horizon[]> steps = walk(engine, state, p, zeroModel());
    // tick WARMUP (0-based) makes the first forecast to be scored; horizon h scores it at tick WARMUP + h
    for (int k = 1; k < 3; k++) {
      int h = k == 1 ? 3 : 7;
      for (int i = 0; i < p.length; i++) {
        assertThat(steps.get(i)[k].intervalScored).as("tick %d, horizon %d", i, h).isEqualTo(i >= WARMUP + h);
      }
    }
    // covered iff the price h ticks later is inside the interval published h ticks before
    for (int i = WARMUP + 7; i < p.length; i++) {
      StepResult.Horizon published = steps.get(i - 7)[2];
      boolean inside = p[i] >= published.intervalLow * (1 - 1e-6) && p[i] <= published.intervalHigh * (1 + 1e-6);
      boolean clearly = p[i] >= published.intervalLow * (1 + 1e-6) && p[i] <= published.intervalHigh * (1 - 1e-6);
      if (clearly) {
        assertThat(steps.get(i)[2].intervalCovered).as("tick %d", i).isTrue();
      } else if (!inside) {
        assertThat(steps.get(i)[2].intervalCovered).as("tick %d", i).isFalse();
      }
    }
    // the naive forecaster's figure is the EWMA of squared h-tick returns over the scored ticks
    double alpha = io.tickcast.baseline.OnlineErrors.alphaForHalfLife(200);
    double v = 0;
    double w = 0;
    for (int i = WARMUP + 7; i < p.length; i++) {
      double actual = Math.log(p[i] / p[i - 7]);
      v += alpha * (actual * actual - v);
      w += alpha * (1 - w);
    }
    assertThat(state.horizons.track(2).squaredError(HorizonRegion.NAIVE)).isCloseTo(v / w, within(1e-6 * v / w));
    assertThat(state.horizons.track(2).scored()).isEqualTo(p.length - WARMUP - 7);
  }

  @Test
  void intervalsCoverTheirNominalShareAtEveryHorizonOnHeavyTailedReturns() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState state = engine.newState();
    int n = 30_000;
    Random rnd = new Random(3);
    double[] p = new double[n];
    p[0] = 100;
    for (int i = 1; i < n; i++) {
      double t3 = rnd.nextGaussian() / Math.sqrt((sq(rnd.nextGaussian()) + sq(rnd.nextGaussian()) + sq(rnd.nextGaussian())) / 3);
      p[i] = p[i - 1] * Math.exp(0.005 * t3);
    }
    List<StepResult.Horizon[]> steps = walk(engine, state, p, zeroModel());
    for (int k = 0; k < 3; k++) {
      int scored = 0;
      int covered = 0;
      for (StepResult.Horizon[] s : steps) {
        if (s[k].intervalScored) {
          scored++;
          covered += s[k].intervalCovered ? 1 : 0;
        }
      }
      double coverage = covered / (double) scored;
      assertThat(coverage).as("horizon %d coverage", steps.get(0)[k].ticks).isCloseTo(0.9, within(0.02));
    }
  }

  private static double sq(double x) {
    return x * x;
  }

  @Test
  void onAr1ReturnsTheCombinationRecoversMostOfTheAchievableGainOverNaiveAtEveryHorizon() {
    ForecastSettings s = settings.withQuality(ForecastSettings.QualitySettings.DEFAULTS.withHorizons(Horizons.of(1, 5, 20)));
    ForecastEngine engine = new ForecastEngine(s);
    ForecastState state = engine.newState();
    double phi = 0.5;
    int n = 60_000;
    double[] p = ar1Prices(n, phi, 0.001, 4);
    List<StepResult.Horizon[]> steps = walk(engine, state, p, zeroModel());
    int burnIn = 5_000;
    for (int k = 1; k < 3; k++) {
      int h = k == 1 ? 5 : 20;
      double coefficient = phi * (1 - Math.pow(phi, h)) / (1 - phi); // E[R_h | r_t] = coefficient · r_t
      double naive = 0;
      double optimal = 0;
      double emitted = 0;
      double ar = 0;
      for (int i = burnIn; i + h < n; i++) {
        double actual = Math.log(p[i + h] / p[i]);
        double lastReturn = Math.log(p[i] / p[i - 1]);
        naive += actual * actual;
        optimal += sq(actual - coefficient * lastReturn);
        emitted += sq(actual - steps.get(i)[k].predictedReturn);
        ar += sq(actual - steps.get(i)[k].arReturn);
      }
      double share = (naive - emitted) / (naive - optimal);
      System.out.printf("AR(1) on returns, phi %.1f, horizon %d: emitted recovers %.3f of the achievable gain over naive"
          + " (MSE naive %.4g, optimum %.4g, emitted %.4g, iterated AR(1) alone %.4g)%n", phi, h, share, naive, optimal,
          emitted, ar);
      assertThat(share).as("horizon %d share of the gain", h).isGreaterThanOrEqualTo(0.8);
    }
  }

  @Test
  void theStateKeepsEveryHorizonAcrossItsBinaryFormAndRestartsThemForOtherHorizons() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState live = engine.newState();
    double[] p = ar1Prices(200, 0.2, 0.01, 5);
    StepResult r = new StepResult();
    for (int i = 0; i < 150; i++) {
      engine.step(live, "S", T0 + i * 1000L, p[i], Double.NaN, zeroModel(), NOW, r);
    }
    ForecastState copy = ForecastState.fromBytes(live.toBytes(), settings.baselines(), settings.quality().horizons());
    assertThat(copy.toBytes()).isEqualTo(live.toBytes());
    StepResult a = new StepResult();
    StepResult b = new StepResult();
    for (int i = 150; i < 200; i++) {
      engine.step(live, "S", T0 + i * 1000L, p[i], Double.NaN, zeroModel(), NOW, a);
      engine.step(copy, "S", T0 + i * 1000L, p[i], Double.NaN, zeroModel(), NOW, b);
      for (int k = 0; k < 3; k++) {
        assertThat(b.horizon(k).predictedPrice).isEqualTo(a.horizon(k).predictedPrice);
        assertThat(b.horizon(k).intervalHigh).isEqualTo(a.horizon(k).intervalHigh);
      }
    }
    // an instance configured with other horizons keeps horizon 1 and starts the others afresh
    Horizons other = Horizons.of(1, 4);
    ForecastSettings otherSettings = settings.withQuality(ForecastSettings.QualitySettings.DEFAULTS.withHorizons(other));
    ForecastState moved = ForecastState.fromBytes(live.toBytes(), settings.baselines(), other);
    assertThat(moved.horizons.horizons()).isEqualTo(other);
    assertThat(moved.horizons.track(1).scored()).isZero();
    assertThat(moved.tickCount()).isEqualTo(live.tickCount());
    assertThat(moved.errors[ForecastState.EMITTED].count()).isEqualTo(live.errors[ForecastState.EMITTED].count());
    StepResult c = new ForecastEngine(otherSettings).describeLast(moved, "m", new StepResult());
    assertThat(c.horizonCount).isEqualTo(2);
    assertThat(c.horizon(1).source).isEqualTo(ForecastSource.WARMUP);
    assertThat(c.horizon(1).predictedPrice).isEqualTo(live.lastPrice());
  }

  @Test
  void describeLastAnswersWhatTheStepEmittedForEveryHorizon() {
    ForecastEngine engine = new ForecastEngine(settings);
    ForecastState state = engine.newState();
    double[] p = ar1Prices(120, 0.3, 0.01, 6);
    StepResult r = new StepResult();
    for (int i = 0; i < p.length; i++) {
      engine.step(state, "S", T0 + i * 1000L, p[i], Double.NaN, zeroModel(), NOW, r);
    }
    StepResult d = engine.describeLast(ForecastState.fromBytes(state.toBytes(), settings.baselines()), "m", new StepResult());
    for (int k = 0; k < 3; k++) {
      assertThat(d.horizon(k).predictedPrice).isEqualTo(r.horizon(k).predictedPrice);
      assertThat(d.horizon(k).intervalLow).isEqualTo(r.horizon(k).intervalLow);
      assertThat(d.horizon(k).intervalHigh).isEqualTo(r.horizon(k).intervalHigh);
      assertThat(d.horizon(k).source).isEqualTo(r.horizon(k).source);
      assertThat(d.horizon(k).skillVsNaive).isEqualTo(r.horizon(k).skillVsNaive);
    }
  }

  @Test
  void aModelWithAnOutputPerHorizonDrivesEachHorizonAndAOneOutputModelAddsTheMeanBeyondTheNextTick() {
    ForecastEngine engine = new ForecastEngine(settings);
    double[] p = ar1Prices(60, 0.0, 0.01, 7);
    // head biases 0.5, 1.0, -1.0 (z-scores per horizon), zero weights
    LstmModel multi = LstmModel.initialise(FeatureSpec.DEFAULT.size(), 4, 1, 3, 1, 0f).withZeroHead();
    io.tickcast.lstm.StateDict d = multi.toStateDict();
    d.put("head.bias", io.tickcast.lstm.Tensor.vector(0.5f, 1.0f, -1.0f));
    ForecastModel perHorizon = new ForecastModel("m", 1, LstmModel.fromStateDict(d), FeatureSpec.DEFAULT,
        FeatureSettings.DEFAULTS, Double.NaN, settings.quality().horizons());
    ForecastState state = engine.newState();
    StepResult r = new StepResult();
    for (double price : p) {
      engine.step(state, "S", T0, price, Double.NaN, perHorizon, NOW, r);
    }
    double mean = state.features.returnMean();
    double std = state.features.returnStd();
    assertThat(r.horizon(1).predictedReturn).isCloseTo(3 * mean + Math.sqrt(3) * std * 1.0, within(1e-6 * std));
    assertThat(r.horizon(2).predictedReturn).isCloseTo(7 * mean - Math.sqrt(7) * std * 1.0, within(1e-6 * std));

    ForecastState single = engine.newState();
    for (double price : p) {
      engine.step(single, "S", T0, price, Double.NaN, zeroModel(), NOW, r);
    }
    double m = single.features.returnMean();
    assertThat(r.horizon(2).predictedReturn).isCloseTo(r.lstmReturn + 6 * m, within(1e-7 * Math.abs(single.features.returnStd())));
  }

  /**
   * A state written by the format-6 code (no horizons region: {@code state-v6.bin}, 300 ticks of a
   * one-output model, then the 40 ticks of {@code v6-ticks.csv} with what that code predicted) goes
   * on predicting horizon 1 as that code did (its LSTM exactly, the combination and the interval to
   * the last digits that format 8's floats move), and its other horizons start afresh.
   */
  @Test
  void aStateOfFormat6GoesOnPredictingHorizonOneAsItsCodeDidAndStartsTheOthers() throws Exception {
    ForecastEngine engine = new ForecastEngine(ForecastSettings.DEFAULTS);
    ForecastModel m = new ForecastModel("m", 1, LstmModel.initialise(FeatureSpec.DEFAULT.size(), 8, 1, 12, 1.0f),
        FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS);
    byte[] v6 = resource("state-v6.bin");
    assertThat(v6[0]).isEqualTo((byte) 6);
    ForecastState state = ForecastState.fromBytes(v6, ForecastSettings.DEFAULTS.baselines(), Horizons.DEFAULT);
    assertThat(state.tickCount()).isEqualTo(300);
    assertThat(state.horizons.horizons()).isEqualTo(Horizons.DEFAULT);
    assertThat(state.toBytes()[0]).isEqualTo(ForecastState.FORMAT_VERSION);
    StepResult r = new StepResult();
    int ticks = 0;
    for (String line : new String(resource("v6-ticks.csv"), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(",");
      long time = Long.parseLong(f[0]);
      engine.step(state, "S", time, Double.parseDouble(f[1]), Double.parseDouble(f[2]), m, time, r);
      // to a millionth of the interval's width: the averages are now kept as floats (format 8)
      double tolerance = 1e-6 * (Double.parseDouble(f[6]) - Double.parseDouble(f[5]));
      assertThat(r.predictedPrice).as("tick %d", ticks).isCloseTo(Double.parseDouble(f[3]), within(tolerance));
      assertThat(r.lstmPrice).isEqualTo(Double.parseDouble(f[4]));
      assertThat(r.intervalLow).isCloseTo(Double.parseDouble(f[5]), within(tolerance));
      assertThat(r.intervalHigh).isCloseTo(Double.parseDouble(f[6]), within(tolerance));
      assertThat(r.horizon(2).intervalScored).as("horizon 20 scores only forecasts made after the upgrade").isEqualTo(ticks >= 20);
      ticks++;
    }
    assertThat(ticks).isEqualTo(40);
    assertThat(state.horizons.track(1).scored()).isEqualTo(40 - 5);
  }

  /**
   * A state written by the format-7 code, which kept every double as a double ({@code state-v7.bin},
   * 300 ticks of a three-output model, then the 40 ticks of {@code v7-ticks.csv} with what that code
   * predicted at every horizon): read back, it keeps all its horizons and goes on predicting what
   * that code predicted, to a millionth of the interval's width: format 8 keeps its averages as
   * floats, which moves the last digits.
   */
  @Test
  void aStateOfFormat7KeepsEveryHorizonAndGoesOnPredictingWhatItsCodePredicted() throws Exception {
    ForecastEngine engine = new ForecastEngine(ForecastSettings.DEFAULTS);
    ForecastModel m = new ForecastModel("m", 1, LstmModel.initialise(FeatureSpec.DEFAULT.size(), 8, 1, 3, 12, 1.0f),
        FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS, Double.NaN, Horizons.DEFAULT);
    byte[] v7 = resource("state-v7.bin");
    assertThat(v7[0]).isEqualTo((byte) 7);
    ForecastState state = ForecastState.fromBytes(v7, ForecastSettings.DEFAULTS.baselines(), Horizons.DEFAULT);
    assertThat(state.tickCount()).isEqualTo(300);
    long scored20 = state.horizons.track(2).scored();
    assertThat(scored20).as("horizon 20 was scored before the upgrade").isPositive();
    byte[] v8 = state.toBytes();
    assertThat(v8[0]).isEqualTo(ForecastState.FORMAT_VERSION);
    assertThat(v8.length).as("format 8 keeps some doubles as floats").isLessThan(v7.length);
    StepResult r = new StepResult();
    int ticks = 0;
    for (String line : new String(resource("v7-ticks.csv"), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(",");
      long time = Long.parseLong(f[0]);
      double price = Double.parseDouble(f[1]);
      engine.step(state, "S", time, price, Double.parseDouble(f[2]), m, time, r);
      // to a millionth of each interval's width
      double tolerance = 1e-6 * (Double.parseDouble(f[6]) - Double.parseDouble(f[5]));
      assertThat(r.predictedPrice).as("tick %d", ticks).isCloseTo(Double.parseDouble(f[3]), within(tolerance));
      assertThat(r.lstmPrice).as("the LSTM reads no rounded figure").isEqualTo(Double.parseDouble(f[4]));
      assertThat(r.intervalLow).isCloseTo(Double.parseDouble(f[5]), within(tolerance));
      assertThat(r.intervalHigh).isCloseTo(Double.parseDouble(f[6]), within(tolerance));
      for (int k = 1; k <= 2; k++) {
        double t = 1e-6 * (Double.parseDouble(f[6 + 3 * k]) - Double.parseDouble(f[5 + 3 * k]));
        assertThat(r.horizon(k).predictedPrice).as("tick %d, horizon %d", ticks, Horizons.DEFAULT.get(k))
            .isCloseTo(Double.parseDouble(f[4 + 3 * k]), within(t));
        assertThat(r.horizon(k).intervalLow).isCloseTo(Double.parseDouble(f[5 + 3 * k]), within(t));
        assertThat(r.horizon(k).intervalHigh).isCloseTo(Double.parseDouble(f[6 + 3 * k]), within(t));
      }
      ticks++;
    }
    assertThat(ticks).isEqualTo(40);
    assertThat(state.horizons.track(2).scored()).as("horizon 20 carried on").isEqualTo(scored20 + 40);
  }

  private static byte[] resource(String name) throws java.io.IOException {
    try (var in = HorizonForecastsTest.class.getResourceAsStream("/forecast-state/" + name)) {
      return in.readAllBytes();
    }
  }
}

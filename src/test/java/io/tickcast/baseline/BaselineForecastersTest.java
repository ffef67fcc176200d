package io.tickcast.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BaselineForecastersTest {

  private static void observe(Forecaster f, double price, double logReturn) {
    f.observe(price, Math.log(price), logReturn);
  }

  private static double predictReturn(Forecaster f, double lastPrice) {
    return f.predictReturn(lastPrice, Math.log(lastPrice));
  }

  private static double predictPrice(Forecaster f, double lastPrice) {
    return f.predictPrice(lastPrice, Math.log(lastPrice));
  }

  @Test
  void naivePredictsNoMove() {
    NaiveForecaster f = new NaiveForecaster();
    observe(f, 100, Double.NaN);
    observe(f, 101, Math.log(1.01));
    assertThat(predictReturn(f, 101)).isZero();
    assertThat(predictPrice(f, 101)).isEqualTo(101);
  }

  @Test
  void smaPredictsTheMeanOfTheLastNPrices() {
    SmaForecaster f = new SmaForecaster(3);
    double[] prices = {10, 11, 12, 13, 20, 7, 9, 9, 15};
    for (int i = 0; i < prices.length; i++) {
      observe(f, prices[i], i == 0 ? Double.NaN : Math.log(prices[i] / prices[i - 1]));
      int from = Math.max(0, i - 2);
      double sum = 0;
      for (int k = from; k <= i; k++) {
        sum += prices[k];
      }
      double mean = sum / (i - from + 1);
      assertThat(predictReturn(f, prices[i])).isCloseTo(Math.log(mean / prices[i]), within(1e-12));
      assertThat(predictPrice(f, prices[i])).isCloseTo(mean, within(1e-12));
    }
  }

  @Test
  void emaFollowsItsRecursion() {
    EmaForecaster f = new EmaForecaster(0.25);
    observe(f, 100, Double.NaN);
    observe(f, 104, Math.log(1.04));
    double ema = 100 + 0.25 * 4;
    assertThat(predictReturn(f, 104)).isCloseTo(Math.log(ema / 104), within(1e-12));
    assertThat(predictPrice(f, 104)).isEqualTo(ema);
  }

  @Test
  void kalmanLevelMovesPartWayTowardsANewPrice() {
    KalmanLevelForecaster f = new KalmanLevelForecaster(1.0);
    observe(f, 100, Double.NaN);
    assertThat(predictReturn(f, 100)).isZero();
    observe(f, 110, Math.log(1.1));
    double r = predictReturn(f, 110);
    // the level sits between log 100 and log 110: the forecast is a move back down, but not all the way
    assertThat(r).isNegative().isGreaterThan(Math.log(100.0 / 110));
    assertThat(predictPrice(f, 110)).isCloseTo(110 * Math.exp(r), within(1e-12));
  }

  @Test
  void arRecoversTheCoefficientOfAnAr1Process() {
    Ar1Forecaster f = new Ar1Forecaster(1.0);
    Random rnd = new Random(42);
    double price = 100;
    double r = 0;
    observe(f, price, Double.NaN);
    for (int i = 0; i < 20_000; i++) {
      r = 0.0002 + 0.4 * r + 0.001 * rnd.nextGaussian();
      price *= Math.exp(r);
      observe(f, price, r);
    }
    assertThat(f.slope()).isCloseTo(0.4, within(0.03));
    assertThat(f.intercept()).isCloseTo(0.0002, within(0.0001));
    assertThat(predictReturn(f, price)).isCloseTo(f.intercept() + f.slope() * r, within(1e-15));
    assertThat(predictPrice(f, price)).isCloseTo(price * Math.exp(f.intercept() + f.slope() * r), within(1e-12));
  }

  @Test
  void arStartsAtTheRandomWalk() {
    Ar1Forecaster f = new Ar1Forecaster(0.999);
    observe(f, 100, Double.NaN);
    assertThat(predictReturn(f, 100)).isZero();
    assertThat(predictPrice(f, 100)).isEqualTo(100);
    observe(f, 101, Math.log(1.01));
    assertThat(predictReturn(f, 101)).isZero();
  }

  @Test
  void everyPricePredictionIsTheReturnPredictionAppliedToTheLastPrice() {
    Forecaster[] all = BaselineSettings.DEFAULTS.create();
    Random rnd = new Random(3);
    double price = 80;
    for (int i = 0; i < 60; i++) {
      double r = i == 0 ? Double.NaN : 0.01 * rnd.nextGaussian();
      price *= i == 0 ? 1 : Math.exp(r);
      for (Forecaster f : all) {
        observe(f, price, r);
        assertThat(predictPrice(f, price)).as("%s at tick %d", f.name(), i)
            .isCloseTo(price * Math.exp(predictReturn(f, price)), within(price * 1e-13));
      }
    }
  }

  @Test
  void viewsOfOneSharedArrayBehaveAsForecastersOfTheirOwnAndACopyOfTheArrayContinuesBitForBit() {
    BaselineSettings settings = BaselineSettings.DEFAULTS;
    Forecaster[] own = settings.create();
    assertThat(own).hasSize(Baselines.COUNT).extracting(Forecaster::name).containsExactly(BaselineSettings.NAMES);
    byte[] shared = new byte[3 + settings.stateBytes() + 5];
    Baselines views = settings.create(shared, 3);
    views.reset();
    double[] returns = new double[Baselines.COUNT];
    double[] prices = new double[Baselines.COUNT];
    Random rnd = new Random(1);
    double price = 50;
    for (int i = 0; i < 37; i++) {
      double r = i == 0 ? Double.NaN : 0.01 * rnd.nextGaussian();
      price *= i == 0 ? 1 : Math.exp(r);
      views.observe(price, Math.log(price), r);
      views.predict(price, Math.log(price), returns, prices);
      for (int k = 0; k < own.length; k++) {
        observe(own[k], price, r);
        assertThat(views.get(k).name()).isEqualTo(own[k].name());
        assertThat(returns[k]).as(own[k].name()).isEqualTo(predictReturn(own[k], price));
        assertThat(prices[k]).as(own[k].name()).isEqualTo(predictPrice(own[k], price));
      }
    }
    assertThat(shared[0]).isZero();
    assertThat(shared[shared.length - 1]).as("nothing written outside the region").isZero();
    Baselines restored = settings.create(shared.clone(), 3);
    for (int i = 0; i < 10; i++) {
      double r = 0.01 * rnd.nextGaussian();
      price *= Math.exp(r);
      views.observe(price, Math.log(price), r);
      restored.observe(price, Math.log(price), r);
      for (int k = 0; k < Baselines.COUNT; k++) {
        assertThat(predictReturn(restored.get(k), price)).as(own[k].name()).isEqualTo(predictReturn(views.get(k), price));
        assertThat(predictPrice(restored.get(k), price)).as(own[k].name()).isEqualTo(predictPrice(views.get(k), price));
      }
    }
  }

  @Test
  void aViewOutsideItsArrayIsRefusedWhenItIsMade() {
    assertThatThrownBy(() -> new EmaForecaster(0.2, new byte[10], 4)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("outside an array of 10 bytes");
    assertThatThrownBy(() -> BaselineSettings.DEFAULTS.create(new byte[BaselineSettings.DEFAULTS.stateBytes() - 1], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void badParametersAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new SmaForecaster(0)).hasMessageContaining("SMA window");
    assertThatThrownBy(() -> new EmaForecaster(1.5)).hasMessageContaining("EMA alpha");
    assertThatThrownBy(() -> new KalmanLevelForecaster(-1)).hasMessageContaining("signal-to-noise");
    assertThatThrownBy(() -> new Ar1Forecaster(0.5)).hasMessageContaining("forgetting");
  }

  @Test
  void arIteratesItsOneStepForecastGeometricallyForSeveralTicks() {
    Ar1Forecaster f = new Ar1Forecaster(1.0);
    assertThat(f.predictCumulativeReturn(5)).isZero();
    Random rnd = new Random(11);
    double r = 0;
    double logPrice = 0;
    for (int i = 0; i < 20_000; i++) {
      r = 0.5 * r + 0.001 * rnd.nextGaussian();
      logPrice += r;
      f.observe(Math.exp(logPrice), logPrice, r);
    }
    double oneStep = f.predictReturn(Math.exp(logPrice), logPrice);
    assertThat(f.predictCumulativeReturn(1)).isEqualTo(oneStep);
    double b = f.slope();
    assertThat(f.predictCumulativeReturn(3)).isCloseTo(oneStep * (1 + b + b * b), within(1e-15));
    // close to the analytic optimum r_t·φ(1 − φ^h)/(1 − φ) of the process
    assertThat(f.predictCumulativeReturn(20)).isCloseTo(r * 0.5 * (1 - Math.pow(0.5, 20)) / 0.5, within(0.05 * Math.abs(r) + 1e-5));
  }

  @Test
  void theIteratedArHoldsItsSlopeBelowAUnitRoot() {
    Ar1Forecaster f = new Ar1Forecaster(1.0);
    double logPrice = 0;
    double r = 0.001;
    for (int i = 0; i < 200; i++) { // a return that keeps growing: a slope above 1
      r *= 1.05;
      logPrice += r;
      f.observe(Math.exp(logPrice), logPrice, r);
    }
    assertThat(f.slope()).isGreaterThan(1.0);
    double oneStep = f.predictReturn(Math.exp(logPrice), logPrice);
    assertThat(Math.abs(f.predictCumulativeReturn(100))).isLessThanOrEqualTo(100 * Math.abs(oneStep));
  }
}

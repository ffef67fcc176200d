package io.tickcast.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BaselineForecastersTest {

  @Test
  void naivePredictsNoMove() {
    NaiveForecaster f = new NaiveForecaster();
    f.observe(100, Double.NaN);
    f.observe(101, Math.log(1.01));
    assertThat(f.predictReturn(101)).isZero();
  }

  @Test
  void smaPredictsTheMeanOfTheLastNPrices() {
    SmaForecaster f = new SmaForecaster(3);
    double[] prices = {10, 11, 12, 13, 20, 7, 9, 9, 15};
    for (int i = 0; i < prices.length; i++) {
      f.observe(prices[i], i == 0 ? Double.NaN : Math.log(prices[i] / prices[i - 1]));
      int from = Math.max(0, i - 2);
      double sum = 0;
      for (int k = from; k <= i; k++) {
        sum += prices[k];
      }
      double mean = sum / (i - from + 1);
      assertThat(f.predictReturn(prices[i])).isCloseTo(Math.log(mean / prices[i]), within(1e-12));
    }
  }

  @Test
  void emaFollowsItsRecursion() {
    EmaForecaster f = new EmaForecaster(0.25);
    f.observe(100, Double.NaN);
    f.observe(104, Math.log(1.04));
    double ema = 100 + 0.25 * 4;
    assertThat(f.predictReturn(104)).isCloseTo(Math.log(ema / 104), within(1e-12));
  }

  @Test
  void kalmanLevelMovesPartWayTowardsANewPrice() {
    KalmanLevelForecaster f = new KalmanLevelForecaster(1.0);
    f.observe(100, Double.NaN);
    assertThat(f.predictReturn(100)).isZero();
    f.observe(110, Math.log(1.1));
    double r = f.predictReturn(110);
    // the level sits between log 100 and log 110: the forecast is a move back down, but not all the way
    assertThat(r).isNegative().isGreaterThan(Math.log(100.0 / 110));
  }

  @Test
  void arRecoversTheCoefficientOfAnAr1Process() {
    Ar1Forecaster f = new Ar1Forecaster(1.0);
    Random rnd = new Random(42);
    double price = 100;
    double r = 0;
    f.observe(price, Double.NaN);
    for (int i = 0; i < 20_000; i++) {
      r = 0.0002 + 0.4 * r + 0.001 * rnd.nextGaussian();
      price *= Math.exp(r);
      f.observe(price, r);
    }
    assertThat(f.slope()).isCloseTo(0.4, within(0.03));
    assertThat(f.intercept()).isCloseTo(0.0002, within(0.0001));
    assertThat(f.predictReturn(price)).isCloseTo(f.intercept() + f.slope() * r, within(1e-15));
  }

  @Test
  void arStartsAtTheRandomWalk() {
    Ar1Forecaster f = new Ar1Forecaster(0.999);
    f.observe(100, Double.NaN);
    assertThat(f.predictReturn(100)).isZero();
    f.observe(101, Math.log(1.01));
    assertThat(f.predictReturn(101)).isZero();
  }

  @Test
  void everyBaselineContinuesIdenticallyAfterASerialisationRoundTrip() {
    Forecaster[] live = BaselineSettings.DEFAULTS.create();
    Random rnd = new Random(1);
    double price = 50;
    for (int i = 0; i < 37; i++) {
      double r = 0.01 * rnd.nextGaussian();
      price *= Math.exp(r);
      for (Forecaster f : live) {
        f.observe(price, i == 0 ? Double.NaN : r);
      }
    }
    Forecaster[] restored = BaselineSettings.DEFAULTS.create();
    for (int k = 0; k < live.length; k++) {
      ByteBuffer buf = ByteBuffer.allocate(live[k].serializedSize());
      live[k].writeTo(buf);
      assertThat(buf.remaining()).as(live[k].name() + " size").isZero();
      buf.flip();
      restored[k].readFrom(buf);
    }
    for (int i = 0; i < 10; i++) {
      double r = 0.01 * rnd.nextGaussian();
      price *= Math.exp(r);
      for (int k = 0; k < live.length; k++) {
        live[k].observe(price, r);
        restored[k].observe(price, r);
        assertThat(restored[k].predictReturn(price)).as(live[k].name()).isEqualTo(live[k].predictReturn(price));
      }
    }
  }

  @Test
  void badParametersAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new SmaForecaster(0)).hasMessageContaining("SMA window");
    assertThatThrownBy(() -> new EmaForecaster(1.5)).hasMessageContaining("EMA alpha");
    assertThatThrownBy(() -> new KalmanLevelForecaster(-1)).hasMessageContaining("signal-to-noise");
    assertThatThrownBy(() -> new Ar1Forecaster(0.5)).hasMessageContaining("forgetting");
  }
}

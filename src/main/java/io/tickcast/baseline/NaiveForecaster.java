package io.tickcast.baseline;

import java.nio.ByteBuffer;

/** The random walk: the next price equals the last one. Stateless. */
public final class NaiveForecaster implements Forecaster {
  @Override
  public String name() {
    return "naive";
  }

  @Override
  public int bytes() {
    return 0;
  }

  @Override
  public void reset() {}

  @Override
  public void observe(double price, double logPrice, double logReturn) {}

  @Override
  public double predictReturn(double lastPrice, double lastLogPrice) {
    return 0.0;
  }

  @Override
  public double predictPrice(double lastPrice, double lastLogPrice) {
    return lastPrice;
  }

  @Override
  public void readLegacy(ByteBuffer in) {}
}

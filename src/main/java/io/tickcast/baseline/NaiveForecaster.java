package io.tickcast.baseline;

import java.nio.ByteBuffer;

/** The random walk: the next price equals the last one. Stateless. */
public final class NaiveForecaster implements Forecaster {
  @Override
  public String name() {
    return "naive";
  }

  @Override
  public void observe(double price, double logReturn) {}

  @Override
  public double predictReturn(double lastPrice) {
    return 0.0;
  }

  @Override
  public int serializedSize() {
    return 0;
  }

  @Override
  public void writeTo(ByteBuffer out) {}

  @Override
  public void readFrom(ByteBuffer in) {}
}

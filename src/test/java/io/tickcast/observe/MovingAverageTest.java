package io.tickcast.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MovingAverageTest {
  @Test
  void startsUndefinedAndTakesTheFirstInputAsIs() {
    MovingAverage m = new MovingAverage(10);
    assertThat(m.value()).isNaN();
    m.update(4.0);
    assertThat(m.value()).isEqualTo(4.0);
  }

  @Test
  void anInputsWeightHalvesAfterOneHalfLife() {
    MovingAverage m = new MovingAverage(10);
    m.update(1.0);
    for (int i = 0; i < 10; i++) {
      m.update(0.0);
    }
    assertThat(m.value()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void notANumberIsIgnored() {
    MovingAverage m = new MovingAverage(3);
    m.update(Double.NaN);
    assertThat(m.value()).isNaN();
    m.update(2.0);
    m.update(Double.NaN);
    assertThat(m.value()).isEqualTo(2.0);
  }

  @Test
  void concurrentUpdatesAreNotLost() throws InterruptedException {
    // every update applies the same map v -> v + a(1 - v), so n updates in any interleaving give the
    // same value as n in a row; a lost update would leave a different one
    int perThread = 200_000;
    MovingAverage shared = new MovingAverage(1e6);
    MovingAverage sequential = new MovingAverage(1e6);
    shared.update(0.0);
    sequential.update(0.0);
    for (int i = 0; i < 2 * perThread; i++) {
      sequential.update(1.0);
    }
    Runnable ones = () -> {
      for (int i = 0; i < perThread; i++) {
        shared.update(1.0);
      }
    };
    Thread a = new Thread(ones);
    Thread b = new Thread(ones);
    a.start();
    b.start();
    a.join();
    b.join();
    assertThat(shared.value()).isEqualTo(sequential.value());
  }
}

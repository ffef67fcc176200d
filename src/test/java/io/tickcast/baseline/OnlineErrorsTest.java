package io.tickcast.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class OnlineErrorsTest {

  @Test
  void firstScoreIsThePlainErrorThanksToBiasCorrection() {
    OnlineErrors e = new OnlineErrors();
    assertThat(e.squaredReturnError()).isNaN();
    e.score(0.01, 0.03, 101, 103, 0.05);
    assertThat(e.squaredReturnError()).isCloseTo(0.0004, within(1e-15));
    assertThat(e.absPriceError()).isCloseTo(2.0, within(1e-12));
    assertThat(e.count()).isEqualTo(1);
  }

  @Test
  void constantErrorsGiveThatErrorWhateverTheWeight() {
    OnlineErrors e = new OnlineErrors();
    for (int i = 0; i < 50; i++) {
      e.score(0.0, 0.02, 100, 102, OnlineErrors.alphaForHalfLife(10));
    }
    assertThat(e.squaredReturnError()).isCloseTo(0.0004, within(1e-12));
  }

  @Test
  void recentErrorsWeighMoreThanOldOnes() {
    OnlineErrors e = new OnlineErrors();
    double alpha = OnlineErrors.alphaForHalfLife(5);
    for (int i = 0; i < 100; i++) {
      e.score(0.0, 0.01, 100, 101, alpha);
    }
    for (int i = 0; i < 5; i++) {
      e.score(0.0, 0.03, 100, 103, alpha);
    }
    // after one half-life of the larger error, the figure is about halfway between the two levels
    assertThat(e.squaredReturnError()).isCloseTo((0.0001 + 0.0009) / 2, within(0.00002));
  }

  @Test
  void hitRateSkipsZeroMovesAndCountsAPredictedZeroAsAMiss() {
    OnlineErrors e = new OnlineErrors();
    e.score(0.01, 0.02, 1, 1, 0.1);   // hit
    e.score(-0.01, 0.02, 1, 1, 0.1);  // miss
    e.score(0.0, -0.01, 1, 1, 0.1);   // predicted zero: miss
    e.score(0.01, 0.0, 1, 1, 0.1);    // actual zero: not counted
    assertThat(e.hitRate()).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void aViewOfARegionKeepsItsFiguresThereAndACopyOfTheBytesHasTheSameFigures() {
    OnlineErrors own = new OnlineErrors();
    byte[] shared = new byte[8 + OnlineErrors.BYTES + 8];
    OnlineErrors view = new OnlineErrors(shared, 8);
    assertThat(view.squaredReturnError()).isNaN();
    for (OnlineErrors e : new OnlineErrors[] {own, view}) {
      e.score(0.01, 0.02, 100, 102, 0.1);
      e.score(0.02, -0.01, 100, 99, 0.1);
    }
    OnlineErrors copy = new OnlineErrors(shared.clone(), 8);
    for (OnlineErrors e : new OnlineErrors[] {view, copy}) {
      assertThat(e.squaredReturnError()).isEqualTo(own.squaredReturnError());
      assertThat(e.absPriceError()).isEqualTo(own.absPriceError());
      assertThat(e.hitRate()).isEqualTo(own.hitRate());
      assertThat(e.count()).isEqualTo(2);
    }
    assertThat(shared[7]).isZero();
    assertThat(shared[8 + OnlineErrors.BYTES]).as("nothing written outside the region").isZero();
  }

  @Test
  void readsTheFiguresAsFormatTwoWroteThem() {
    ByteBuffer legacy = ByteBuffer.allocate(40).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    legacy.putDouble(0.0004 * 0.5).putDouble(2.0 * 0.5).putDouble(0.5).putInt(3).putInt(4).putLong(7).flip();
    OnlineErrors e = new OnlineErrors();
    e.readLegacy(legacy);
    assertThat(legacy.remaining()).isZero();
    assertThat(e.squaredReturnError()).isCloseTo(0.0004, within(1e-18));
    assertThat(e.absPriceError()).isCloseTo(2.0, within(1e-15));
    assertThat(e.hitRate()).isEqualTo(0.75);
    assertThat(e.count()).isEqualTo(7);
  }
}

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
  void roundTripsThroughItsBinaryForm() {
    OnlineErrors e = new OnlineErrors();
    e.score(0.01, 0.02, 100, 102, 0.1);
    e.score(0.02, -0.01, 100, 99, 0.1);
    ByteBuffer buf = ByteBuffer.allocate(OnlineErrors.SERIALIZED_SIZE);
    e.writeTo(buf);
    buf.flip();
    OnlineErrors back = new OnlineErrors();
    back.readFrom(buf);
    assertThat(back.squaredReturnError()).isEqualTo(e.squaredReturnError());
    assertThat(back.absPriceError()).isEqualTo(e.absPriceError());
    assertThat(back.hitRate()).isEqualTo(e.hitRate());
    assertThat(back.count()).isEqualTo(2);
  }
}

package io.tickcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The per-symbol state: copies, reset and its compact versioned binary form. */
class LstmStateTest {

  static LstmState advanced() {
    LstmModel m = LstmModel.initialise(2, 6, 2, 5, 0f);
    LstmState s = m.newState();
    m.step(new float[] {1f, -2f}, s);
    m.step(new float[] {0.5f, 0.25f}, s);
    return s;
  }

  @Test
  void binaryFormRoundTripsExactlyAndHasTheDocumentedSize() {
    LstmState s = advanced();
    ByteBuffer buf = ByteBuffer.allocate(s.serializedSize());
    s.writeTo(buf);
    assertThat(buf.remaining()).isZero();
    assertThat(s.serializedSize()).isEqualTo(4 + 2 * 4 * 2 * 6);
    buf.flip();
    assertThat(buf.get(0)).isEqualTo((byte) 1);
    LstmState back = LstmState.readFrom(buf);
    assertThat(back).isEqualTo(s);
    assertThat(back.h(1)).containsExactly(s.h(1));
    assertThat(back.c(0)).containsExactly(s.c(0));
  }

  @Test
  void binaryFormIsBigEndianWhateverTheBufferOrderAndLeavesTheOrderAlone() {
    LstmState s = advanced();
    ByteBuffer big = ByteBuffer.allocate(s.serializedSize());
    ByteBuffer little = ByteBuffer.allocate(s.serializedSize()).order(ByteOrder.LITTLE_ENDIAN);
    s.writeTo(big);
    s.writeTo(little);
    assertThat(little.array()).isEqualTo(big.array());
    assertThat(little.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    little.flip();
    assertThat(LstmState.readFrom(little)).isEqualTo(s);
  }

  @Test
  void unknownVersionIsRefused() {
    LstmState s = advanced();
    ByteBuffer buf = ByteBuffer.allocate(s.serializedSize());
    s.writeTo(buf);
    buf.put(0, (byte) 2).flip();
    assertThatThrownBy(() -> LstmState.readFrom(buf)).hasMessageContaining("version 2");
  }

  @Test
  void truncatedBytesAreRefused() {
    LstmState s = advanced();
    ByteBuffer buf = ByteBuffer.allocate(s.serializedSize());
    s.writeTo(buf);
    buf.flip().limit(buf.limit() - 1);
    assertThatThrownBy(() -> LstmState.readFrom(buf)).hasMessageContaining("truncated");
    assertThatThrownBy(() -> LstmState.readFrom(ByteBuffer.wrap(new byte[] {1, 1})))
        .hasMessageContaining("truncated");
  }

  @Test
  void copyIsIndependentAndResetZeroes() {
    LstmState s = advanced();
    LstmState copy = s.copy();
    assertThat(copy).isEqualTo(s);
    s.reset();
    assertThat(s.h(0)).containsOnly(0f);
    assertThat(s.c(1)).containsOnly(0f);
    assertThat(copy.h(0)).isNotEqualTo(new float[6]);
    s.copyFrom(copy);
    assertThat(s).isEqualTo(copy);
  }

  @Test
  void copyFromRefusesAStateOfAnotherSize() {
    assertThatThrownBy(() -> new LstmState(1, 6).copyFrom(new LstmState(2, 6)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

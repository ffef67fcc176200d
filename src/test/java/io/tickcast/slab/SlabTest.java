package io.tickcast.slab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class SlabTest {

  @Test
  void valuesAreWrittenLittleEndianAtAnyOffsetAndReadBack() {
    byte[] b = new byte[40];
    Slab.putLong(b, 1, 0x0102030405060708L);
    Slab.putInt(b, 9, -7);
    Slab.putDouble(b, 13, Math.PI);
    Slab.putFloat(b, 21, -0.5f);
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b[1]).isEqualTo((byte) 0x08);
    assertThat(le.getLong(1)).isEqualTo(0x0102030405060708L);
    assertThat(le.getInt(9)).isEqualTo(-7);
    assertThat(le.getDouble(13)).isEqualTo(Math.PI);
    assertThat(le.getFloat(21)).isEqualTo(-0.5f);
    assertThat(Slab.getLong(b, 1)).isEqualTo(0x0102030405060708L);
    assertThat(Slab.getInt(b, 9)).isEqualTo(-7);
    assertThat(Slab.getDouble(b, 13)).isEqualTo(Math.PI);
    assertThat(Slab.getFloat(b, 21)).isEqualTo(-0.5f);
    assertThat(Double.isNaN(roundTrip(Double.NaN))).isTrue();
  }

  private static double roundTrip(double v) {
    byte[] b = new byte[8];
    Slab.putDouble(b, 0, v);
    return Slab.getDouble(b, 0);
  }

  @Test
  void accessOutsideTheArrayIsRefused() {
    byte[] b = new byte[8];
    assertThatThrownBy(() -> Slab.getLong(b, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Slab.putInt(b, 5, 1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aRegionIsCheckedAgainstTheArray() {
    byte[] b = new byte[16];
    assertThat(Slab.checkRegion(b, 4, 12)).isEqualTo(4);
    assertThat(Slab.checkRegion(b, 16, 0)).isEqualTo(16);
    assertThatThrownBy(() -> Slab.checkRegion(b, 5, 12)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("region [5, 5 + 12) outside an array of 16 bytes");
    assertThatThrownBy(() -> Slab.checkRegion(b, -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Slab.checkRegion(b, Integer.MAX_VALUE, 8)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}

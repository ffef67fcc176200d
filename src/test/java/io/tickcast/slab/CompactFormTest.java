package io.tickcast.slab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CompactFormTest {
  /** A slab of 48 bytes: a long at 0, doubles at 8, 16 and 32, an int at 24, a float at 28, a double at 40. */
  private static byte[] slab() {
    byte[] s = new byte[48];
    Slab.putLong(s, 0, 0x0102030405060708L);
    Slab.putDouble(s, 8, Math.PI);
    Slab.putDouble(s, 16, Math.E);
    Slab.putInt(s, 24, -7);
    Slab.putFloat(s, 28, 0.25f);
    Slab.putDouble(s, 32, 1.0 / 3.0);
    Slab.putDouble(s, 40, Math.sqrt(2));
    return s;
  }

  /** Doubles at 32 and 8 (given out of order) kept as floats. */
  private static CompactForm form() {
    return new CompactForm.Builder().add(32).add(8).build();
  }

  @Test
  void theStoredFormKeepsTheDeclaredDoublesAsFloatsAndCopiesEveryOtherByte() {
    CompactForm form = form();
    byte[] s = slab();
    assertThat(form.storedBytes(48)).isEqualTo(40);
    assertThat(form.storedBytes(32)).as("a prefix before the second slot").isEqualTo(28);
    byte[] out = new byte[2 + form.storedBytes(48)];
    assertThat(form.write(s, 48, out, 2)).isEqualTo(42);
    assertThat(Slab.getLong(out, 2)).isEqualTo(0x0102030405060708L);
    assertThat(Slab.getFloat(out, 10)).isEqualTo((float) Math.PI);
    assertThat(Slab.getDouble(out, 14)).as("a double not declared stays a double").isEqualTo(Math.E);
    assertThat(Slab.getInt(out, 22)).isEqualTo(-7);
    assertThat(Slab.getFloat(out, 26)).isEqualTo(0.25f);
    assertThat(Slab.getFloat(out, 30)).isEqualTo((float) (1.0 / 3.0));
    assertThat(Slab.getDouble(out, 34)).isEqualTo(Math.sqrt(2));
  }

  @Test
  void aRoundedSlabReadsBackExactlyAndAnUnroundedOneOnlyToAFloat() {
    CompactForm form = form();
    byte[] s = slab();
    byte[] stored = new byte[form.storedBytes(48)];
    form.write(s, 48, stored, 0);
    byte[] back = new byte[48];
    assertThat(form.read(stored, 0, back, 48)).isEqualTo(40);
    assertThat(back).as("not rounded: pi comes back as a float").isNotEqualTo(s);
    assertThat(Slab.getDouble(back, 8)).isEqualTo((float) Math.PI);

    form.round(s);
    assertThat(Slab.getDouble(s, 8)).isEqualTo((double) (float) Math.PI);
    assertThat(Slab.getDouble(s, 16)).as("undeclared doubles are not rounded").isEqualTo(Math.E);
    form.write(s, 48, stored, 0);
    Arrays.fill(back, (byte) 0);
    form.read(stored, 0, back, 48);
    assertThat(back).isEqualTo(s);
  }

  @Test
  void aPrefixIsReadAloneAndNaNStaysNaN() {
    CompactForm form = form();
    byte[] s = slab();
    Slab.putDouble(s, 8, Double.NaN);
    form.round(s);
    byte[] stored = new byte[form.storedBytes(48)];
    form.write(s, 48, stored, 0);
    byte[] prefix = new byte[48];
    assertThat(form.read(stored, 0, prefix, 32)).isEqualTo(28);
    assertThat(Arrays.copyOf(prefix, 32)).isEqualTo(Arrays.copyOf(s, 32));
    assertThat(Arrays.copyOfRange(prefix, 32, 48)).containsOnly(0);
    assertThat(Double.isNaN(Slab.getDouble(prefix, 8))).isTrue();
  }

  @Test
  void overlappingSlotsAreRefused() {
    assertThatThrownBy(() -> new CompactForm.Builder().add(8).add(12).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap at offsets 8 and 12");
    assertThat(new CompactForm.Builder().build().storedBytes(100)).isEqualTo(100);
  }
}

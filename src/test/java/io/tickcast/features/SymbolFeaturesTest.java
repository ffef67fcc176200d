package io.tickcast.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SymbolFeaturesTest {
  private final FeatureSettings settings = new FeatureSettings(50, 5, 6.0);

  @Test
  void returnIsNormalisedByStatisticsOfEarlierTicksOnly() {
    SymbolFeatures f = new SymbolFeatures();
    float[] out = new float[Feature.COUNT];
    Random rnd = new Random(3);
    for (int i = 0; i < 200; i++) {
      f.next(0.01 * rnd.nextGaussian(), 1000, Double.NaN, settings, out, 0);
    }
    double mean = f.returnMean();
    double std = f.returnStd();
    double r = 0.015;
    double expected = (r - mean) / std;
    assertThat(f.returnToZ(r, settings)).isCloseTo(expected, within(1e-12));
    f.next(r, 1000, Double.NaN, settings, out, 0);
    assertThat((double) out[Feature.RETURN_Z.ordinal()]).isCloseTo(expected, within(1e-5));
    assertThat(f.lastReturnZ()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void aPredictedZScoreTurnsBackIntoTheReturnItStandsFor() {
    SymbolFeatures f = new SymbolFeatures();
    float[] out = new float[Feature.COUNT];
    for (int i = 0; i < 30; i++) {
      f.next(0.001 * (i % 7 - 3), 60_000, 10.0 + i, settings, out, 0);
    }
    double r = 0.0021;
    assertThat(f.returnFromZ(f.returnToZ(r, settings))).isCloseTo(r, within(1e-15));
  }

  @Test
  void volumeFeaturesAreZeroAndFlaggedAbsentWithoutVolume() {
    SymbolFeatures f = new SymbolFeatures();
    float[] out = new float[Feature.COUNT];
    f.next(0.01, 1000, Double.NaN, settings, out, 0);
    assertThat(out[Feature.LOG_VOLUME_Z.ordinal()]).isZero();
    assertThat(out[Feature.VOLUME_PRESENT.ordinal()]).isZero();
    f.next(0.01, 1000, 500, settings, out, 0);
    assertThat(out[Feature.VOLUME_PRESENT.ordinal()]).isEqualTo(1f);
  }

  @Test
  void extremeMovesAreClipped() {
    SymbolFeatures f = new SymbolFeatures();
    float[] out = new float[Feature.COUNT];
    for (int i = 0; i < 100; i++) {
      f.next(0.001 * ((i % 2) * 2 - 1), 1000, Double.NaN, settings, out, 0);
    }
    f.next(0.5, 1000, Double.NaN, settings, out, 0);
    assertThat(out[Feature.RETURN_Z.ordinal()]).isEqualTo(6f);
  }

  @Test
  void aViewOfARegionContinuesIdenticallyAndSoDoesACopyOfItsBytes() {
    SymbolFeatures own = new SymbolFeatures();
    byte[] shared = new byte[16 + SymbolFeatures.BYTES];
    SymbolFeatures view = new SymbolFeatures(shared, 16);
    float[] outA = new float[Feature.COUNT];
    float[] outB = new float[Feature.COUNT];
    Random rnd = new Random(9);
    for (int i = 0; i < 40; i++) {
      double r = 0.01 * rnd.nextGaussian();
      long interval = 500 + rnd.nextInt(1000);
      double volume = rnd.nextDouble() * 100;
      own.next(r, interval, volume, settings, outA, 0);
      view.next(r, interval, volume, settings, outB, 0);
      assertThat(outB).containsExactly(outA);
    }
    SymbolFeatures copy = new SymbolFeatures(shared.clone(), 16);
    assertThat(copy.steps()).isEqualTo(40);
    assertThat(copy.lastReturnZ()).isEqualTo(own.lastReturnZ());
    for (int i = 0; i < 5; i++) {
      double r = 0.01 * rnd.nextGaussian();
      own.next(r, 700, 5.0, settings, outA, 0);
      copy.next(r, 700, 5.0, settings, outB, 0);
      assertThat(outB).containsExactly(outA);
    }
    for (int i = 0; i < 16; i++) {
      assertThat(shared[i]).as("nothing written before the region").isZero();
    }
  }

  @Test
  void specSelectsDeclaredFeaturesInOrderAndRefusesUnknownOnes() {
    FeatureSpec spec = FeatureSpec.parse(List.of("volume_present", "return_z"));
    float[] full = {1f, 2f, 3f, 4f};
    float[] out = new float[2];
    spec.select(full, 0, out);
    assertThat(out).containsExactly(4f, 1f);
    assertThatThrownBy(() -> FeatureSpec.parse(List.of("return_z", "moon_phase")))
        .isInstanceOf(FeatureSpec.UnknownFeatureException.class)
        .hasMessageContaining("moon_phase");
  }

  @Test
  void settingsRoundTripThroughTheirReleaseForm() {
    FeatureSettings s = new FeatureSettings(123.5, 17, 4.5);
    assertThat(FeatureSettings.fromMap(s.toMap())).isEqualTo(s);
    assertThatThrownBy(() -> new FeatureSettings(0.5, 10, 6)).hasMessageContaining("half-life");
  }
}

package io.tickcast.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.LstmState;
import org.junit.jupiter.api.Test;

/** A model's outputs are its horizons: one per horizon, in order. */
class ForecastModelHorizonsTest {

  @Test
  void aModelNeedsOneOutputPerHorizon() {
    LstmModel three = LstmModel.initialise(FeatureSpec.DEFAULT.size(), 4, 1, 3, 1, 0f);
    assertThat(new ForecastModel("m", 1, three, FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS, Double.NaN,
        Horizons.of(1, 5, 20)).horizons()).isEqualTo(Horizons.of(1, 5, 20));
    assertThatThrownBy(() -> new ForecastModel("m", 1, three, FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 outputs").hasMessageContaining("1 horizons");
    LstmModel one = LstmModel.initialise(FeatureSpec.DEFAULT.size(), 4, 1, 1, 0f);
    assertThatThrownBy(() -> new ForecastModel("m", 1, one, FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS, Double.NaN,
        Horizons.of(1, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 outputs");
  }

  @Test
  void theDefaultModelHasAZeroOutputPerHorizonAndTheOneOutputDefaultsCell() {
    ForecastModel one = ForecastModel.defaultModel("m", FeatureSettings.DEFAULTS);
    ForecastModel three = ForecastModel.defaultModel("m", FeatureSettings.DEFAULTS, Horizons.of(1, 5, 20));
    assertThat(one.horizons()).isEqualTo(Horizons.NEXT_TICK);
    assertThat(one.lstm().outputCount()).isEqualTo(1);
    assertThat(three.version()).isZero();
    assertThat(three.horizons()).isEqualTo(Horizons.of(1, 5, 20));
    assertThat(three.lstm().outputCount()).isEqualTo(3);
    assertThat(three.lstm().toStateDict().get("lstm.weight_hh_l0"))
        .isEqualTo(one.lstm().toStateDict().get("lstm.weight_hh_l0"));
    float[] out = {9f, 9f, 9f};
    LstmState s = three.lstm().newState();
    three.lstm().stepAll(new float[FeatureSpec.DEFAULT.size()], s, out);
    assertThat(out).containsOnly(0f);
  }
}

package io.tickcast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.forecast.Horizons;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code forecast.horizons}: its default, its form, and a start that names it when it is wrong. */
class HorizonsSettingTest {
  @Test
  void theDefaultIsTheNext1_5And20TicksAndReachesTheForecastSettings() {
    TickcastConfig c = TickcastConfig.of(Map.of());
    assertThat(c.horizons()).isEqualTo(Horizons.of(1, 5, 20));
    assertThat(c.forecastSettings().quality().horizons()).isEqualTo(Horizons.of(1, 5, 20));
    assertThat(TickcastConfig.of(Map.of(TickcastConfig.HORIZONS, " 1, 3 ")).horizons()).isEqualTo(Horizons.of(1, 3));
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "5,20; must start with 1",
      "1,20,5; strictly increasing",
      "1,1; strictly increasing",
      "1,500; at most 200",
      "1,x; whole numbers",
      "1,2,3,4,5,6,7,8,9; at most 8"})
  void aWrongListFailsAtStartNamingTheSetting(String value, String reason) {
    assertThatThrownBy(() -> TickcastConfig.of(Map.of(TickcastConfig.HORIZONS, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("forecast.horizons")
        .hasMessageContaining(reason);
  }
}

package io.tickcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntervalFiguresTest {

  /**
   * Interval score at α = 0.1 (Gneiting and Raftery 2007): width, plus 2/α = 20 times the miss
   * distance. Made at 100: [99, 101] holding 100.5 scores 2; [99, 101] missing 102 by 1 scores
   * 2 + 20 = 22; [98, 100] missing 97 by 1 scores 2 + 20 = 22. Relative to 100: 0.02, 0.22, 0.22.
   */
  @Test
  void coverageWidthAndIntervalScoreByHand() {
    ForecastScore s = new ForecastScore();
    s.scoreInterval(99, 101, 0.9, 100, 100.5);
    s.scoreInterval(99, 101, 0.9, 100, 102);
    s.scoreInterval(98, 100, 0.9, 100, 97);
    assertThat(s.coverage()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(s.meanWidth()).isCloseTo(0.02, within(1e-12));
    assertThat(s.intervalScore()).isCloseTo((0.02 + 0.22 + 0.22) / 3, within(1e-12));
    ForecastScore pooled = new ForecastScore();
    pooled.add(s);
    pooled.add(s);
    assertThat(pooled.intervalCount()).isEqualTo(6);
    assertThat(pooled.coverage()).isCloseTo(1.0 / 3, within(1e-12));
    Map<String, Object> m = s.toMap(new ForecastScore());
    assertThat(m).containsKeys("coverage", "mean_width", "interval_score");
    assertThat(new ForecastScore().toMap(new ForecastScore())).doesNotContainKey("coverage");
  }

  @Test
  void seedsAreSummarisedAsMeanAndStandardDeviationOfEveryFigure() {
    Map<String, Object> a = Map.of("overall", Map.of("lstm", Map.of("mse_return", 1.0, "count", 10)),
        "models", List.of(Map.of("version", 1)));
    Map<String, Object> b = Map.of("overall", Map.of("lstm", Map.of("mse_return", 3.0, "count", 10)),
        "models", List.of(Map.of("version", 2)));
    Map<String, Object> c = SeedSummary.combine(List.of(7L, 8L), List.of(a, b));
    @SuppressWarnings("unchecked")
    Map<String, Object> lstm = (Map<String, Object>) ((Map<String, Object>) c.get("overall")).get("lstm");
    assertThat((Double) lstm.get("mse_return")).isEqualTo(2.0);
    assertThat((Double) lstm.get("mse_return_std")).isCloseTo(Math.sqrt(2), within(1e-12));
    assertThat((Double) lstm.get("count_std")).isEqualTo(0.0);
    assertThat(c.get("models")).isEqualTo(List.of(a.get("models"), b.get("models")));
    assertThat(c.get("seeds")).isEqualTo(List.of(7L, 8L));
  }
}

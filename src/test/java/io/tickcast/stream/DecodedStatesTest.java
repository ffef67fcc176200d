package io.tickcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.forecast.ForecastSettings;
import io.tickcast.forecast.ForecastState;
import org.junit.jupiter.api.Test;

class DecodedStatesTest {
  private final ForecastState a = ForecastState.create(ForecastSettings.DEFAULTS);
  private final ForecastState b = ForecastState.create(ForecastSettings.DEFAULTS);
  private final ForecastState c = ForecastState.create(ForecastSettings.DEFAULTS);

  @Test
  void keepsTheSymbolsTakenInLastUpToItsCapacity() {
    DecodedStates states = new DecodedStates(2);
    states.put("A", a);
    states.put("B", b);
    assertThat(states.get("A")).isSameAs(a); // reading does not reorder
    states.put("C", c);
    assertThat(states.get("A")).as("the first taken in is forgotten first").isNull();
    assertThat(states.get("B")).isSameAs(b);
    assertThat(states.get("C")).isSameAs(c);
    assertThat(states.size()).isEqualTo(2);
    states.put("B", b); // putting a symbol it holds again changes nothing
    states.put("A", a);
    assertThat(states.get("B")).isNull();
    assertThat(states.get("C")).isSameAs(c);
    states.clear();
    assertThat(states.get("A")).isNull();
  }

  @Test
  void capacityZeroKeepsNothing() {
    DecodedStates states = new DecodedStates(0);
    states.put("A", a);
    assertThat(states.get("A")).isNull();
  }

  @Test
  void keepsNoMoreBytesThanItsBoundForgettingTheFirstTakenIn() {
    long one = DecodedStates.heapBytes("A", a);
    DecodedStates states = new DecodedStates(1000, 2 * one + one / 2);
    states.put("A", a);
    states.put("B", b);
    assertThat(states.bytes()).isEqualTo(2 * one);
    states.put("B", b); // the same symbol again is counted once
    assertThat(states.bytes()).isEqualTo(2 * one);
    states.put("C", c);
    assertThat(states.get("A")).isNull();
    assertThat(states.get("B")).isSameAs(b);
    assertThat(states.get("C")).isSameAs(c);
    assertThat(states.bytes()).isLessThanOrEqualTo(2 * one + one / 2);
    states.clear();
    assertThat(states.bytes()).isZero();
    DecodedStates tooSmall = new DecodedStates(1000, one - 1);
    tooSmall.put("A", a);
    assertThat(tooSmall.get("A")).isNull();
  }
}

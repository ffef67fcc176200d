package io.tickcast.forecast;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The forecast horizons, in ticks: strictly increasing, the first one 1 (the next tick, which the
 * prediction's top-level fields describe). Immutable.
 */
public final class Horizons {
  /** The largest horizon accepted: the state keeps each horizon's pending forecasts, so it bounds the state's size. */
  public static final int MAX_HORIZON = 200;
  /** The most horizons accepted. */
  public static final int MAX_COUNT = 8;
  /** Horizon 1 alone: what a model with one output predicts. */
  public static final Horizons NEXT_TICK = new Horizons(new int[] {1});
  /** The default of {@code forecast.horizons}: the next 1, 5 and 20 ticks. */
  public static final Horizons DEFAULT = new Horizons(new int[] {1, 5, 20});

  private final int[] ticks;

  private Horizons(int[] ticks) {
    this.ticks = ticks;
  }

  /**
   * @throws IllegalArgumentException when the list is empty, does not start with 1, is not strictly
   *     increasing, has a horizon over {@link #MAX_HORIZON} or more than {@link #MAX_COUNT} horizons
   */
  public static Horizons of(int... ticks) {
    if (ticks.length == 0 || ticks[0] != 1) {
      throw new IllegalArgumentException("the horizons must start with 1 (the next tick), got " + Arrays.toString(ticks));
    }
    if (ticks.length > MAX_COUNT) {
      throw new IllegalArgumentException("at most " + MAX_COUNT + " horizons, got " + ticks.length);
    }
    for (int i = 1; i < ticks.length; i++) {
      if (ticks[i] <= ticks[i - 1]) {
        throw new IllegalArgumentException("the horizons must be strictly increasing, got " + Arrays.toString(ticks));
      }
    }
    if (ticks[ticks.length - 1] > MAX_HORIZON) {
      throw new IllegalArgumentException("a horizon is at most " + MAX_HORIZON + " ticks, got " + ticks[ticks.length - 1]);
    }
    return new Horizons(ticks.clone());
  }

  public static Horizons of(List<Integer> ticks) {
    return of(ticks.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Parses {@code "1,5,20"}. */
  public static Horizons parse(String text) {
    try {
      return of(Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("horizons are whole numbers of ticks separated by commas, got '" + text + "'");
    }
  }

  public int count() {
    return ticks.length;
  }

  /** The i-th horizon in ticks; {@code get(0)} is 1. */
  public int get(int i) {
    return ticks[i];
  }

  public int max() {
    return ticks[ticks.length - 1];
  }

  /** The sum of the horizons after the first: the pending forecasts the state keeps beyond the next tick's. */
  public int pendingSlots() {
    int sum = 0;
    for (int i = 1; i < ticks.length; i++) {
      sum += ticks[i];
    }
    return sum;
  }

  public int[] toArray() {
    return ticks.clone();
  }

  public List<Integer> toList() {
    return Arrays.stream(ticks).boxed().toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Horizons h && Arrays.equals(ticks, h.ticks);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ticks);
  }

  /** {@code "1,5,20"}, the setting's form. */
  @Override
  public String toString() {
    return Arrays.stream(ticks).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }
}

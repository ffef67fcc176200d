package io.tickcast.backtest.html;

import java.util.List;

/**
 * An axis: its domain, mapped linearly onto the axis' length, and the ticks drawn on it.
 *
 * @param min start of the domain (drawn at the axis' start)
 * @param max end of the domain, greater than {@code min}
 * @param values tick positions in domain units, ascending, inside [min, max]
 * @param labels one label per tick
 */
public record AxisTicks(double min, double max, double[] values, List<String> labels) {
  public AxisTicks {
    if (!(max > min)) {
      throw new IllegalArgumentException("axis domain must have max > min: [" + min + ", " + max + "]");
    }
    if (values.length != labels.size()) {
      throw new IllegalArgumentException("one label per tick: " + values.length + " ticks, " + labels.size() + " labels");
    }
    values = values.clone();
    labels = List.copyOf(labels);
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  /** Whether {@code v} lies in the domain. */
  public boolean contains(double v) {
    return v >= min && v <= max;
  }

  /** Categories 0..n-1 centred in unit-wide slots over the domain [0, n]. */
  public static AxisTicks categories(List<String> names) {
    double[] centres = new double[names.size()];
    for (int i = 0; i < centres.length; i++) {
      centres[i] = i + 0.5;
    }
    return new AxisTicks(0, Math.max(1, names.size()), centres, names);
  }
}

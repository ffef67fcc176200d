package io.tickcast.backtest.html;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * "Nice" numeric ticks: steps of 1, 2 or 5 times a power of ten, a domain widened to whole steps so
 * that it contains the data, and the finest such step whose labels do not collide on the axis.
 */
public final class NiceTicks {
  private static final int[] MANTISSAS = {1, 2, 5};

  private NiceTicks() {}

  /**
   * Ticks for data in [lo, hi] on an axis {@code lengthPx} long.
   *
   * @param horizontal whether labels sit side by side (their widths must fit between ticks) or are
   *     stacked (their height must)
   * @param maxTicks upper bound on the number of ticks
   */
  public static AxisTicks numeric(double lo, double hi, double lengthPx, boolean horizontal, int maxTicks) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      lo = 0;
      hi = 1;
    }
    if (lo > hi) {
      double t = lo;
      lo = hi;
      hi = t;
    }
    if (hi - lo < Math.max(Math.abs(hi), Math.abs(lo)) * 1e-12 || hi == lo) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.05;
      lo -= pad;
      hi += pad;
    }
    int k0 = (int) Math.floor(Math.log10(hi - lo)) - 2;
    AxisTicks last = null;
    for (int k = k0; k <= k0 + 4; k++) {
      for (int m : MANTISSAS) {
        BigDecimal step = BigDecimal.valueOf(m).scaleByPowerOfTen(k);
        double s = step.doubleValue();
        long first = (long) Math.floor(lo / s);
        long lastIndex = (long) Math.ceil(hi / s);
        if (lastIndex == first) {
          lastIndex++;
        }
        long n = lastIndex - first + 1;
        if (n > Math.max(2, maxTicks)) {
          continue;
        }
        double[] values = new double[(int) n];
        List<String> labels = new ArrayList<>();
        boolean scientific = step.compareTo(new BigDecimal("1e-4")) < 0
            || Math.max(Math.abs(first * s), Math.abs(lastIndex * s)) >= 1e7;
        double widest = 0;
        for (int i = 0; i < n; i++) {
          BigDecimal v = step.multiply(BigDecimal.valueOf(first + i));
          values[i] = v.doubleValue();
          String label = format(v, scientific);
          labels.add(label);
          widest = Math.max(widest, LabelMetrics.width(label));
        }
        last = new AxisTicks(values[0], values[values.length - 1], values, labels);
        double spacingPx = lengthPx / (n - 1);
        double needed = horizontal ? widest + LabelMetrics.GAP_PX : LabelMetrics.FONT_PX * 2;
        if (spacingPx >= needed) {
          return last;
        }
      }
    }
    return last;
  }

  static String format(BigDecimal v, boolean scientific) {
    if (v.signum() == 0) {
      return "0";
    }
    BigDecimal s = v.stripTrailingZeros();
    if (!scientific) {
      return s.toPlainString().replace('-', '\u2212');
    }
    int exponent = s.precision() - s.scale() - 1;
    String mantissa = s.movePointLeft(exponent).toPlainString();
    return (mantissa + "e" + exponent).replace('-', '\u2212');
  }
}

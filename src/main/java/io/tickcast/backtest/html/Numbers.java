package io.tickcast.backtest.html;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers as the report prints them: significant digits, plain notation unless very small or large. */
final class Numbers {
  private Numbers() {}

  /** {@code v} to {@code digits} significant digits, trailing zeros dropped; "n/a" when not finite. */
  static String significant(double v, int digits) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal b = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
    int exponent = b.precision() - b.scale() - 1;
    String s = exponent < -4 || exponent >= 9
        ? b.movePointLeft(exponent).toPlainString() + "e" + exponent
        : b.toPlainString();
    return s.replace('-', '\u2212');
  }

  /** Three significant digits with an explicit sign. */
  static String short3(double v) {
    String s = significant(v, 3);
    return v > 0 ? "+" + s : s;
  }
}

package io.tickcast.backtest.html;

/**
 * How much room a label takes, estimated without a font: the report uses the reader's own sans-serif
 * font, so the estimate is deliberately wide (DejaVu Sans, the widest common default, has digits of
 * 0.64 em), so that labels placed by it do not overlap in any common font.
 */
public final class LabelMetrics {
  /** Font size of tick labels and legend text, px. */
  public static final double FONT_PX = 12;
  /** Estimated width of one character, in em. */
  public static final double CHAR_EM = 0.66;
  /** Least free space between two neighbouring labels, px. */
  public static final double GAP_PX = 10;

  private LabelMetrics() {}

  /** Estimated width of {@code text} at {@link #FONT_PX}, px. */
  public static double width(String text) {
    return text.length() * CHAR_EM * FONT_PX;
  }

  /** Estimated width of {@code text} at {@code fontPx}, px. */
  public static double width(String text, double fontPx) {
    return text.length() * CHAR_EM * fontPx;
  }
}

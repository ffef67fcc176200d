package io.tickcast.backtest.html;

import java.util.List;

/**
 * How a series is drawn. The palettes pair the Okabe–Ito colours (safe for colour-blind readers) with
 * dash patterns and hatchings, so that series stay apart when printed in greyscale.
 *
 * @param color stroke (lines) or ink (fills) colour, #rrggbb
 * @param dash SVG stroke-dasharray, empty for a solid line
 * @param width stroke width, px
 * @param fill how an area is filled
 */
public record SeriesStyle(String color, String dash, double width, Fill fill) {
  /** Area fills, told apart without colour. */
  public enum Fill { NONE, SOLID, TRANSLUCENT, DIAGONAL, CROSS, DOTS }

  /** Line styles in order of use; the first is the strongest (black, solid). */
  public static final List<SeriesStyle> LINES = List.of(
      new SeriesStyle("#000000", "", 2.0, Fill.NONE),
      new SeriesStyle("#0072B2", "8 3", 1.8, Fill.NONE),
      new SeriesStyle("#D55E00", "2 2", 2.0, Fill.NONE),
      new SeriesStyle("#009E73", "10 3 2 3", 1.8, Fill.NONE),
      new SeriesStyle("#CC79A7", "14 3 3 3 3 3", 1.8, Fill.NONE),
      new SeriesStyle("#E69F00", "5 5", 2.2, Fill.NONE),
      new SeriesStyle("#56B4E9", "1 4", 2.6, Fill.NONE),
      new SeriesStyle("#666666", "18 5", 1.6, Fill.NONE));

  /** Area styles in order of use: dark, light, then hatchings. */
  public static final List<SeriesStyle> AREAS = List.of(
      new SeriesStyle("#0072B2", "", 0, Fill.SOLID),
      new SeriesStyle("#BBBBBB", "", 0, Fill.SOLID),
      new SeriesStyle("#D55E00", "", 0, Fill.DIAGONAL),
      new SeriesStyle("#009E73", "", 0, Fill.CROSS),
      new SeriesStyle("#E69F00", "", 0, Fill.DOTS),
      new SeriesStyle("#000000", "", 0, Fill.SOLID));

  /** The i-th line style, cycling. */
  public static SeriesStyle line(int i) {
    return LINES.get(Math.floorMod(i, LINES.size()));
  }

  /** The i-th area style, cycling. */
  public static SeriesStyle area(int i) {
    return AREAS.get(Math.floorMod(i, AREAS.size()));
  }
}

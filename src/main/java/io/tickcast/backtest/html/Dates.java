package io.tickcast.backtest.html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as the report prints them: UTC, a date alone when the time is midnight. */
final class Dates {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
  private static final DateTimeFormatter MILLI = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

  private Dates() {}

  static String iso(long epochMillis) {
    ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
    if (t.toLocalTime().toNanoOfDay() == 0) {
      return DAY.format(t);
    }
    if (t.getSecond() == 0 && t.getNano() == 0) {
      return MINUTE.format(t) + " UTC";
    }
    return MILLI.format(t) + " UTC";
  }
}

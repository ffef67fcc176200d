package io.tickcast.backtest.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class TimeTicksTest {
  private static long at(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  /** Ticks inside the domain, ascending, labels apart by at least their widths and the gap. */
  private static void assertReadable(AxisTicks t, long from, long to, double length) {
    double[] v = t.values();
    assertThat(t.min()).isEqualTo(from);
    assertThat(t.max()).isEqualTo(to);
    assertThat(v.length).isBetween(3, 12);
    for (int i = 0; i < v.length; i++) {
      assertThat(t.contains(v[i])).isTrue();
      if (i > 0) {
        double px = (v[i] - v[i - 1]) / (to - from) * length;
        double half = (LabelMetrics.width(t.labels().get(i)) + LabelMetrics.width(t.labels().get(i - 1))) / 2;
        assertThat(px).as("%s to %s", t.labels().get(i - 1), t.labels().get(i)).isGreaterThanOrEqualTo(half + LabelMetrics.GAP_PX);
      }
    }
    assertThat(t.labels()).doesNotHaveDuplicates();
  }

  @Test
  void sixYearsOfDailyCloseGetMonthStartsLabelledWithMonthAndYear() {
    long from = at("2014-03-19T00:00:00Z");
    long to = at("2020-04-17T00:00:00Z");
    AxisTicks t = TimeTicks.time(from, to, 970, 12);
    assertReadable(t, from, to, 970);
    for (double v : t.values()) {
      ZonedDateTime d = Instant.ofEpochMilli((long) v).atZone(ZoneOffset.UTC);
      assertThat(d.getDayOfMonth()).isEqualTo(1);
      assertThat(d.toLocalTime().toSecondOfDay()).isZero();
    }
    assertThat(t.labels()).contains("Jan 2016", "Jan 2020");
  }

  @Test
  void threeDaysOfHalfHourlyTicksGetWholeHoursWithDateAndTime() {
    long from = at("1998-06-01T22:00:00Z");
    long to = at("1998-06-04T21:30:00Z");
    AxisTicks t = TimeTicks.time(from, to, 970, 12);
    assertReadable(t, from, to, 970);
    for (double v : t.values()) {
      ZonedDateTime d = Instant.ofEpochMilli((long) v).atZone(ZoneOffset.UTC);
      assertThat(d.getMinute()).isZero();
      assertThat(d.getHour() % 6).isZero();
    }
    assertThat(t.labels().get(0)).matches("\\d\\d-\\d\\d \\d\\d:00");
  }

  @Test
  void decadesGetYears() {
    long from = at("1991-07-01T00:00:00Z");
    long to = at("2020-12-31T00:00:00Z");
    AxisTicks t = TimeTicks.time(from, to, 600, 12);
    assertReadable(t, from, to, 600);
    assertThat(t.labels()).allMatch(l -> l.matches("\\d{4}"));
  }

  @Test
  void aFewMinutesGetSecondsOrMinutes() {
    long from = at("2024-01-02T10:00:07Z");
    long to = at("2024-01-02T10:04:55Z");
    AxisTicks t = TimeTicks.time(from, to, 970, 12);
    assertReadable(t, from, to, 970);
  }
}

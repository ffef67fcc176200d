package io.tickcast.backtest.html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Date ticks in UTC at calendar steps (seconds to decades), the finest step whose labels do not
 * collide on the axis; labels say as much of the date as the step needs.
 */
public final class TimeTicks {
  private static final DateTimeFormatter YEAR = DateTimeFormatter.ofPattern("yyyy", Locale.ROOT);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ROOT);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT);
  private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  /** A calendar step: {@code amount} of {@code unit}, labelled by {@code format}. */
  private record Step(ChronoUnit unit, int amount, DateTimeFormatter format, long approxMillis) {}

  private static final List<Step> STEPS = steps();

  private TimeTicks() {}

  private static List<Step> steps() {
    List<Step> s = new ArrayList<>();
    for (int n : new int[] {1, 2, 5, 10, 15, 30}) {
      s.add(new Step(ChronoUnit.SECONDS, n, SECOND, n * 1000L));
    }
    for (int n : new int[] {1, 2, 5, 10, 15, 30}) {
      s.add(new Step(ChronoUnit.MINUTES, n, MINUTE, n * 60_000L));
    }
    for (int n : new int[] {1, 2, 3, 6, 12}) {
      s.add(new Step(ChronoUnit.HOURS, n, MINUTE, n * 3_600_000L));
    }
    for (int n : new int[] {1, 2, 7, 14}) {
      s.add(new Step(ChronoUnit.DAYS, n, DAY, n * 86_400_000L));
    }
    for (int n : new int[] {1, 2, 3, 6}) {
      s.add(new Step(ChronoUnit.MONTHS, n, MONTH, n * 2_629_746_000L));
    }
    for (int n : new int[] {1, 2, 5, 10, 20, 50, 100}) {
      s.add(new Step(ChronoUnit.YEARS, n, YEAR, n * 31_556_952_000L));
    }
    return s;
  }

  /** Ticks for times in [from, to] (epoch ms) on a horizontal axis {@code lengthPx} long; the domain is exactly [from, to]. */
  public static AxisTicks time(long from, long to, double lengthPx, int maxTicks) {
    if (to <= from) {
      to = from + 1000;
    }
    double span = to - from;
    List<Long> fallback = List.of();
    Step fallbackStep = STEPS.get(STEPS.size() - 1);
    for (Step step : STEPS) {
      if (span / step.approxMillis() > maxTicks * 2L + 2) {
        continue;
      }
      List<Long> ticks = ticks(from, to, step);
      if (ticks.isEmpty() || ticks.size() > maxTicks) {
        continue;
      }
      if (fallback.isEmpty()) {
        fallback = ticks;
        fallbackStep = step;
      }
      double widest = LabelMetrics.width(label(ticks.get(0), step));
      double minSpacing = Double.MAX_VALUE;
      for (int i = 1; i < ticks.size(); i++) {
        minSpacing = Math.min(minSpacing, (ticks.get(i) - ticks.get(i - 1)) / span * lengthPx);
      }
      if (minSpacing >= widest + LabelMetrics.GAP_PX) {
        return build(from, to, ticks, step);
      }
    }
    return build(from, to, fallback, fallbackStep);
  }

  private static AxisTicks build(long from, long to, List<Long> ticks, Step step) {
    double[] values = new double[ticks.size()];
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      values[i] = ticks.get(i);
      labels.add(label(ticks.get(i), step));
    }
    return new AxisTicks(from, to, values, labels);
  }

  private static String label(long t, Step step) {
    return step.format().format(Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC));
  }

  /** The step's calendar-aligned instants in [from, to]. */
  private static List<Long> ticks(long from, long to, Step step) {
    ZonedDateTime start = Instant.ofEpochMilli(from).atZone(ZoneOffset.UTC);
    ZonedDateTime t;
    switch (step.unit()) {
      case YEARS:
        t = start.withDayOfYear(1).truncatedTo(ChronoUnit.DAYS).withYear(start.getYear() / step.amount() * step.amount());
        break;
      case MONTHS:
        t = start.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS)
            .withMonth((start.getMonthValue() - 1) / step.amount() * step.amount() + 1);
        break;
      case DAYS:
        t = start.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
        break;
      case HOURS:
        t = start.truncatedTo(ChronoUnit.DAYS);
        break;
      case MINUTES:
        t = start.truncatedTo(ChronoUnit.HOURS);
        break;
      default:
        t = start.truncatedTo(ChronoUnit.MINUTES);
    }
    List<Long> out = new ArrayList<>();
    while (!t.toInstant().isAfter(Instant.ofEpochMilli(to))) {
      long ms = t.toInstant().toEpochMilli();
      if (ms >= from && keep(t, step)) {
        out.add(ms);
      }
      if (out.size() > 10_000) {
        break;
      }
      t = next(t, step);
    }
    return out;
  }

  /** Day steps restart at every month's first day and skip a tick too close to the next month's. */
  private static boolean keep(ZonedDateTime t, Step step) {
    if (step.unit() != ChronoUnit.DAYS || step.amount() == 1) {
      return true;
    }
    return (t.getDayOfMonth() - 1) % step.amount() == 0 && t.getDayOfMonth() + step.amount() / 2 <= t.toLocalDate().lengthOfMonth();
  }

  /** Day steps go day by day, filtered by {@link #keep}, so that each month restarts at its first day. */
  private static ZonedDateTime next(ZonedDateTime t, Step step) {
    if (step.unit() == ChronoUnit.DAYS) {
      return t.plusDays(1);
    }
    return t.plus(step.amount(), step.unit());
  }
}

package io.tickcast.backtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reports of one backtest run with several training seeds, as one JSON report of the same
 * shape: every number is the mean over the seeds, with its sample standard deviation beside it
 * under the same key suffixed {@code _std} (0 for one seed); lists (the models trained) hold one
 * entry per seed; other values are the first seed's. {@code seeds} lists the seeds in order.
 */
public final class SeedSummary {
  private SeedSummary() {}

  /** The combined report of {@code reports}, made with {@code seeds} in that order. */
  public static Map<String, Object> combine(List<Long> seeds, List<Map<String, Object>> reports) {
    if (reports.isEmpty() || reports.size() != seeds.size()) {
      throw new IllegalArgumentException("one report per seed: " + seeds.size() + " seeds, " + reports.size() + " reports");
    }
    Map<String, Object> out = combineMaps(new ArrayList<>(reports.stream().map(r -> (Object) r).toList()));
    out.put("seeds", List.copyOf(seeds));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> combineMaps(List<Object> maps) {
    Map<String, Object> first = (Map<String, Object>) maps.get(0);
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : first.keySet()) {
      List<Object> values = new ArrayList<>();
      for (Object m : maps) {
        values.add(((Map<String, Object>) m).get(key));
      }
      Object v = first.get(key);
      if (v instanceof Map) {
        out.put(key, combineMaps(values));
      } else if (v instanceof Number || (v == null && values.stream().anyMatch(x -> x instanceof Number))) {
        double[] stats = meanAndStd(values);
        out.put(key, finiteOrNull(stats[0]));
        out.put(key + "_std", finiteOrNull(stats[1]));
      } else if (v instanceof List) {
        out.put(key, values);
      } else {
        out.put(key, v);
      }
    }
    return out;
  }

  /** Mean and sample standard deviation of the numbers among {@code values} (nulls skipped). */
  static double[] meanAndStd(List<Object> values) {
    double sum = 0;
    int n = 0;
    for (Object o : values) {
      if (o instanceof Number x) {
        sum += x.doubleValue();
        n++;
      }
    }
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double mean = sum / n;
    double ss = 0;
    for (Object o : values) {
      if (o instanceof Number x) {
        ss += (x.doubleValue() - mean) * (x.doubleValue() - mean);
      }
    }
    return new double[] {mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0};
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}

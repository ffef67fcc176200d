package io.tickcast.backtest.html;

/**
 * Largest-Triangle-Three-Buckets (Steinarsson, 2013): keeps the first and last point and, from each
 * of the buckets between, the point that spans the largest triangle with the point kept before it and
 * the next bucket's mean. A line of a few thousand points drawn from it looks like the full series,
 * spikes included, at a fraction of the size.
 */
public final class Downsampler {
  private Downsampler() {}

  /**
   * Indices of the points to keep, ascending.
   *
   * @param x ascending positions
   * @param y values, as many as {@code x}
   * @param maxPoints at most this many indices are returned (at least 3); all of them when there are no more points
   */
  public static int[] lttb(double[] x, double[] y, int maxPoints) {
    int n = x.length;
    if (y.length != n) {
      throw new IllegalArgumentException("x and y differ in length: " + n + " and " + y.length);
    }
    if (maxPoints < 3) {
      throw new IllegalArgumentException("keep at least 3 points: " + maxPoints);
    }
    if (n <= maxPoints) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] kept = new int[maxPoints];
    double bucket = (double) (n - 2) / (maxPoints - 2);
    int a = 0;
    kept[0] = 0;
    for (int b = 0; b < maxPoints - 2; b++) {
      int from = (int) Math.floor(b * bucket) + 1;
      int to = (int) Math.floor((b + 1) * bucket) + 1;
      int nextFrom = to;
      int nextTo = Math.min((int) Math.floor((b + 2) * bucket) + 1, n);
      double meanX = 0;
      double meanY = 0;
      for (int i = nextFrom; i < nextTo; i++) {
        meanX += x[i];
        meanY += y[i];
      }
      int count = nextTo - nextFrom;
      if (count == 0) { // the last bucket looks ahead to the last point
        meanX = x[n - 1];
        meanY = y[n - 1];
      } else {
        meanX /= count;
        meanY /= count;
      }
      double best = -1;
      int bestIndex = from;
      for (int i = from; i < to; i++) {
        double area = Math.abs((x[a] - meanX) * (y[i] - y[a]) - (x[a] - x[i]) * (meanY - y[a]));
        if (area > best) {
          best = area;
          bestIndex = i;
        }
      }
      kept[b + 1] = bestIndex;
      a = bestIndex;
    }
    kept[maxPoints - 1] = n - 1;
    return kept;
  }
}

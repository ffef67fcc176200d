package io.tickcast.backtest.html;

import io.tickcast.backtest.BacktestRecorder;
import io.tickcast.backtest.WalkedTick;
import io.tickcast.forecast.ForecastSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The walked ticks of a backtest kept as compact columns (about 110 bytes per tick with seven
 * forecasters), in walk order, for the HTML report's series. Forecaster names are taken from the
 * ticks as the backtest reports them; a forecaster missing from a tick is recorded as NaN.
 */
public final class BacktestRecording implements BacktestRecorder {
  private final List<String> symbols = new ArrayList<>();
  private final Map<String, Integer> symbolIndex = new LinkedHashMap<>();
  private final Map<String, double[]> forecasts = new LinkedHashMap<>();
  private int size;
  private int[] symbol = new int[1024];
  private long[] forecastTime = new long[1024];
  private long[] time = new long[1024];
  private double[] lastPrice = new double[1024];
  private double[] price = new double[1024];
  private double[] low = new double[1024];
  private double[] high = new double[1024];
  private ForecastSource[] source = new ForecastSource[1024];
  private double intervalLevel = Double.NaN;

  @Override
  public void record(WalkedTick t) {
    if (size == time.length) {
      grow();
    }
    int s = symbolIndex.computeIfAbsent(t.symbol(), k -> {
      symbols.add(k);
      return symbols.size() - 1;
    });
    symbol[size] = s;
    forecastTime[size] = t.forecastTime();
    time[size] = t.time();
    lastPrice[size] = t.lastPrice();
    price[size] = t.price();
    low[size] = t.intervalLow();
    high[size] = t.intervalHigh();
    source[size] = t.source();
    intervalLevel = t.intervalLevel();
    for (String name : t.forecastReturns().keySet()) {
      forecasts.computeIfAbsent(name, k -> {
        double[] column = new double[time.length];
        Arrays.fill(column, Double.NaN);
        return column;
      });
    }
    for (Map.Entry<String, double[]> e : forecasts.entrySet()) {
      Double v = t.forecastReturns().get(e.getKey());
      e.getValue()[size] = v == null ? Double.NaN : v;
    }
    size++;
  }

  private void grow() {
    int n = time.length * 2;
    symbol = Arrays.copyOf(symbol, n);
    forecastTime = Arrays.copyOf(forecastTime, n);
    time = Arrays.copyOf(time, n);
    lastPrice = Arrays.copyOf(lastPrice, n);
    price = Arrays.copyOf(price, n);
    low = Arrays.copyOf(low, n);
    high = Arrays.copyOf(high, n);
    source = Arrays.copyOf(source, n);
    for (Map.Entry<String, double[]> e : forecasts.entrySet()) {
      double[] grown = Arrays.copyOf(e.getValue(), n);
      Arrays.fill(grown, time.length / 2, n, Double.NaN);
      e.setValue(grown);
    }
  }

  /** Scored walked ticks. */
  public int size() {
    return size;
  }

  /** Symbols in order of their first walked tick. */
  public List<String> symbols() {
    return List.copyOf(symbols);
  }

  /** Forecaster names in the backtest's report order. */
  public List<String> forecasters() {
    return List.copyOf(forecasts.keySet());
  }

  /** Nominal coverage of the emitted interval (the last tick's); NaN before any tick. */
  public double intervalLevel() {
    return intervalLevel;
  }

  /** Walked ticks of one symbol. */
  public int count(String sym) {
    Integer s = symbolIndex.get(sym);
    int n = 0;
    for (int i = 0; s != null && i < size; i++) {
      if (symbol[i] == s) {
        n++;
      }
    }
    return n;
  }

  /** The symbol with the most walked ticks (the first of equals); null when nothing was walked. */
  public String busiestSymbol() {
    String best = null;
    int most = -1;
    for (String s : symbols) {
      int n = count(s);
      if (n > most) {
        most = n;
        best = s;
      }
    }
    return best;
  }

  public String symbol(int i) {
    return symbols.get(symbol[check(i)]);
  }

  public long forecastTime(int i) {
    return forecastTime[check(i)];
  }

  public long time(int i) {
    return time[check(i)];
  }

  public double lastPrice(int i) {
    return lastPrice[check(i)];
  }

  public double price(int i) {
    return price[check(i)];
  }

  public double intervalLow(int i) {
    return low[check(i)];
  }

  public double intervalHigh(int i) {
    return high[check(i)];
  }

  public ForecastSource source(int i) {
    return source[check(i)];
  }

  /** A forecaster's predicted log-return at tick i; NaN when it had none. */
  public double forecastReturn(String forecaster, int i) {
    double[] column = forecasts.get(forecaster);
    if (column == null) {
      throw new IllegalArgumentException("no such forecaster in the recording: " + forecaster + "; have " + forecasts.keySet());
    }
    return column[check(i)];
  }

  /** Whether the realized price of tick i lies in its emitted interval. */
  public boolean covered(int i) {
    return price[check(i)] >= low[i] && price[i] <= high[i];
  }

  /** Realized log-return of tick i. */
  public double realizedReturn(int i) {
    return Math.log(price[check(i)] / lastPrice[i]);
  }

  private int check(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("tick " + i + " of " + size);
    }
    return i;
  }
}

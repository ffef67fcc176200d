package io.tickcast.forecast;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The forecaster's own per-tick work on a stream thread, next to what the pipeline benchmark's
 * baseline does instead: {@link #cloneSameSize} is the baseline's state write (a copy of a value of
 * the same size). Symbols are visited round-robin, as in the pipeline benchmark (500 symbols), so
 * each state is cold in the cache when its turn comes; {@code symbols=1} shows the hot-cache cost.
 * States carry a half-full history chunk (the mean over a chunk's life) and a full re-warm window.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForecastStateBenchmark {
  @Param({"1", "500"})
  int symbols;

  ForecastEngine engine;
  ForecastModel model;
  ForecastState[] states;
  byte[][] bytes;
  String[] names;
  long[] times;
  double[] prices;
  StepResult result;
  SplittableRandom random;
  int next;

  @Setup
  public void setUp() {
    ForecastSettings settings = ForecastSettings.DEFAULTS;
    engine = new ForecastEngine(settings);
    model = ForecastModel.defaultModel(ForecastModel.DEFAULT_NAME, settings.features());
    states = new ForecastState[symbols];
    bytes = new byte[symbols][];
    names = new String[symbols];
    times = new long[symbols];
    prices = new double[symbols];
    result = new StepResult();
    random = new SplittableRandom(7);
    for (int s = 0; s < symbols; s++) {
      names[s] = "S" + s;
      states[s] = engine.newState();
      times[s] = 1_700_000_000_000L;
      prices[s] = 100.0;
      // past warm-up, history chunk half full
      int ticks = 10 * settings.chunkMaxTicks() + settings.chunkMaxTicks() / 2;
      for (int k = 0; k < ticks; k++) {
        advance(s);
      }
      bytes[s] = states[s].toBytes();
    }
  }

  private StepResult advance(int s) {
    times[s] += 1 + random.nextInt(500);
    prices[s] *= Math.exp(0.001 * (random.nextDouble() - 0.5));
    return engine.step(states[s], names[s], times[s], prices[s], 100.0, model, times[s], result);
  }

  private int nextSymbol() {
    int s = next;
    next = s + 1 == symbols ? 0 : s + 1;
    return s;
  }

  /** The baseline's state write: a fresh copy of a value of the same size. */
  @Benchmark
  public byte[] cloneSameSize() {
    return bytes[nextSymbol()].clone();
  }

  /** The forecaster's state write: the state's binary form (every put into the store). */
  @Benchmark
  public byte[] toBytes() {
    return states[nextSymbol()].toBytes();
  }

  /** The state read when a symbol's decoded state is not held (cache miss of the decoded-state LRU). */
  @Benchmark
  public ForecastState fromBytes() {
    return ForecastState.fromBytes(bytes[nextSymbol()], ForecastSettings.DEFAULTS.baselines());
  }

  /** The per-tick step: scoring, features, baselines, the LSTM, prediction, history. */
  @Benchmark
  public StepResult step() {
    return advance(nextSymbol());
  }
}

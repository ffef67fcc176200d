package io.tickcast.bench;

import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.RejectReason;
import io.tickcast.forecast.StepResult;
import io.tickcast.stream.ForecastListener;
import io.tickcast.stream.ForecastTopology;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what one streams application under test did: when it took its first tick, how many
 * predictions it forwarded, how many ticks it consumed without forwarding one, and the mean
 * serialised size of the forecaster's state as it was written. Called on stream threads: lock-free
 * and cheap (a few nanoseconds against a step of microseconds).
 */
final class RunMeter implements ForecastListener {
  private final AtomicLong firstTickNanos = new AtomicLong();
  private final LongAdder forwarded = new LongAdder();
  private final LongAdder notForwarded = new LongAdder();
  private final LongAdder stateBytesWritten = new LongAdder();
  private final LongAdder storeBytesWritten = new LongAdder();

  /** A tick was taken from the input; the first one starts the clock. */
  void tickConsumed() {
    if (firstTickNanos.get() == 0) {
      firstTickNanos.compareAndSet(0, System.nanoTime());
    }
  }

  /** The baseline forwarded its prediction-sized record for a tick. */
  void forwarded() {
    forwarded.increment();
  }

  @Override
  public void predicted(String symbol, long tickTime, StepResult result, ForecastState state, long nanos) {
    // The listener is told after the step, so the clock starts one step late for the forecaster;
    // one step is microseconds against a run of seconds.
    tickConsumed();
    forwarded.increment();
    // the state as it was just written to the store (the processor puts it before telling the listener)
    stateBytesWritten.add(state.serializedSize());
    storeBytesWritten.add(state.serializedSize() + ForecastTopology.chunkRowBytes(symbol));
  }

  @Override
  public void deadLettered(RejectReason reason) {
    tickConsumed();
    notForwarded.increment();
  }

  @Override
  public void duplicateDropped() {
    tickConsumed();
    notForwarded.increment();
  }

  @Override
  public void staleDropped() {
    tickConsumed();
    notForwarded.increment();
  }

  /** {@link System#nanoTime()} of the first tick consumed, 0 before it. */
  long firstTickNanos() {
    return firstTickNanos.get();
  }

  long forwardedCount() {
    return forwarded.sum();
  }

  long notForwardedCount() {
    return notForwarded.sum();
  }

  /** Mean serialised size of the forecaster's state as written, 0 if nothing was (the baseline). */
  /**
   * Bytes the forecaster wrote to its stores (and so, uncached, to their changelogs) per prediction:
   * the state value and the open chunk's new row, key and value (the state's key, which every
   * application writes, not counted).
   */
  double bytesPerTick() {
    long n = forwarded.sum();
    return n == 0 ? 0 : (double) storeBytesWritten.sum() / n;
  }

  double meanStateBytes() {
    long n = forwarded.sum();
    return n == 0 ? 0 : (double) stateBytesWritten.sum() / n;
  }
}

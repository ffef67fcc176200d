package io.tickcast.train;

/**
 * When the next scheduled run is due: every {@code intervalMillis}, or as soon as {@code
 * afterChunks} new history chunks have been written, whichever comes first.
 *
 * <p>New chunks are counted as the growth of the history topic's end offsets (summed over its
 * partitions) since the offsets the last run read to. Offsets only grow, compaction
 * notwithstanding, so this counts every chunk record written; a chunk re-sent after a failure counts
 * again, which can only bring a run forward. Thread-safe: the lease thread asks, the trainer thread records runs.
 */
public final class TrainingSchedule {
  private final long intervalMillis;
  private final long afterChunks;
  private long lastRunMillis;
  private long baselineOffsets;
  private boolean ranOnce;

  public TrainingSchedule(long intervalMillis, long afterChunks) {
    if (intervalMillis <= 0 || afterChunks <= 0) {
      throw new IllegalArgumentException("interval and chunk count must be positive");
    }
    this.intervalMillis = intervalMillis;
    this.afterChunks = afterChunks;
  }

  /** Whether a run is due; the first is due at once (a new active trainer catches up). */
  public synchronized boolean due(long nowMillis, long historyEndOffsets) {
    return !ranOnce || nowMillis - lastRunMillis >= intervalMillis || historyEndOffsets - baselineOffsets >= afterChunks;
  }

  /** New chunks since the last run. */
  public synchronized long newChunks(long historyEndOffsets) {
    return historyEndOffsets - baselineOffsets;
  }

  /** Records a finished run: the clock restarts, and chunks are counted from what it read. */
  public synchronized void ran(long nowMillis, long historyEndOffsetsRead) {
    ranOnce = true;
    lastRunMillis = nowMillis;
    baselineOffsets = historyEndOffsetsRead;
  }

  /** Forgets the last run, so the next is due at once: when this instance (re)gains the lease. */
  public synchronized void reset() {
    ranOnce = false;
  }
}

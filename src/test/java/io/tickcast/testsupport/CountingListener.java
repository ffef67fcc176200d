package io.tickcast.testsupport;

import io.tickcast.forecast.ForecastModel;
import io.tickcast.forecast.ForecastState;
import io.tickcast.forecast.RejectReason;
import io.tickcast.forecast.StepResult;
import io.tickcast.stream.ForecastListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A ForecastListener that counts what it is told, for assertions. */
public final class CountingListener implements ForecastListener {
  public final AtomicLong predictions = new AtomicLong();
  public final AtomicLong duplicates = new AtomicLong();
  public final AtomicLong stale = new AtomicLong();
  public final AtomicLong chunks = new AtomicLong();
  public final AtomicLong rewarms = new AtomicLong();
  public final AtomicLong fallbacksEngaged = new AtomicLong();
  public final AtomicLong modelsAccepted = new AtomicLong();
  public final AtomicLong modelsRefused = new AtomicLong();
  public final Map<RejectReason, AtomicLong> deadLetters = new ConcurrentHashMap<>();
  public final AtomicLong registryUnavailable = new AtomicLong();
  public final AtomicLong threadsReplaced = new AtomicLong();
  public final AtomicLong threadShutdowns = new AtomicLong();

  @Override
  public void registryUnavailable() {
    registryUnavailable.incrementAndGet();
  }

  @Override
  public void streamThreadFailed(String cause, boolean replaced) {
    (replaced ? threadsReplaced : threadShutdowns).incrementAndGet();
  }

  @Override
  public void predicted(String symbol, long tickTime, StepResult result, ForecastState state, long nanos) {
    predictions.incrementAndGet();
  }

  @Override
  public void deadLettered(RejectReason reason) {
    deadLetters.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
  }

  public long deadLetters(RejectReason reason) {
    AtomicLong n = deadLetters.get(reason);
    return n == null ? 0 : n.get();
  }

  @Override
  public void duplicateDropped() {
    duplicates.incrementAndGet();
  }

  @Override
  public void staleDropped() {
    stale.incrementAndGet();
  }

  @Override
  public void chunkClosed(String symbol, int ticks) {
    chunks.incrementAndGet();
  }

  @Override
  public void rewarmed(String symbol) {
    rewarms.incrementAndGet();
  }

  @Override
  public void fallback(String symbol, boolean engaged) {
    if (engaged) {
      fallbacksEngaged.incrementAndGet();
    }
  }

  @Override
  public void modelAccepted(ForecastModel model, long createdAtMillis) {
    modelsAccepted.incrementAndGet();
  }

  @Override
  public void modelRefused(String modelName, int version, String reason) {
    modelsRefused.incrementAndGet();
  }
}

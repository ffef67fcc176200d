package io.tickcast.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import io.tickcast.train.TrainerStatus;

/**
 * Meters of the trainer's runs. The trainer calls {@link #runStarted()} when a run begins and
 * {@link #runFinished} or {@link #runFailed} when it ends; the methods are thread-safe.
 *
 * <ul>
 *   <li>{@code tickcast_trainer_runs_total{outcome}}: finished runs, {@code outcome} = {@code released}
 *       (the new model won and was published), {@code kept} (it did not beat the champion and naive)
 *       or {@code failed}.
 *   <li>{@code tickcast_trainer_run_seconds}: summary (count, sum, max) of run durations.
 *   <li>{@code tickcast_trainer_running}: gauge, runs in progress.
 *   <li>{@code tickcast_trainer_train_loss}, {@code tickcast_trainer_validation_loss}: gauges, the
 *       final training loss and the held-out validation loss (MSE of the normalised return) of the
 *       latest finished run; NaN before the first.
 *   <li>{@code tickcast_trainer_last_run_timestamp_seconds}: gauge, epoch time the latest run ended.
 *   <li>{@code tickcast_trainer_last_success_timestamp_seconds}: gauge, epoch time the latest run ended
 *       without an error (released or kept); NaN before the first. The alert rule
 *       {@code TickcastTrainerNotTraining} (prometheus/alerts.yml) fires when it falls too far behind.
 *   <li>{@code tickcast_trainer_failing}: gauge, 1 while the trainer's lease or clients fail and it
 *       backs off before joining again, else 0 (only in a process with a scheduled trainer).
 * </ul>
 */
public final class TrainerMetrics {
  private final Counter released;
  private final Counter kept;
  private final Counter failed;
  private final Timer duration;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong trainLossBits = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));
  private final AtomicLong validationLossBits = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));
  private final AtomicLong lastRunMillis = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong lastSuccessMillis = new AtomicLong(Long.MIN_VALUE);
  private final MeterRegistry registry;
  private final LongSupplier clock;

  public TrainerMetrics(MeterRegistry registry, LongSupplier clock) {
    this.clock = clock;
    this.registry = registry;
    released = runs(registry, "released");
    kept = runs(registry, "kept");
    failed = runs(registry, "failed");
    duration = Timer.builder("tickcast.trainer.run").description("Duration of trainer runs").register(registry);
    Gauge.builder("tickcast.trainer.running", running, AtomicInteger::get)
        .description("Trainer runs in progress").register(registry);
    Gauge.builder("tickcast.trainer.train.loss", trainLossBits, b -> Double.longBitsToDouble(b.get()))
        .description("Final training loss of the latest finished run").register(registry);
    Gauge.builder("tickcast.trainer.validation.loss", validationLossBits, b -> Double.longBitsToDouble(b.get()))
        .description("Validation loss (held-out MSE of the normalised return) of the latest finished run").register(registry);
    Gauge.builder("tickcast.trainer.last.run.timestamp", lastRunMillis,
            t -> t.get() == Long.MIN_VALUE ? Double.NaN : t.get() / 1000.0)
        .baseUnit("seconds").description("Epoch time the latest trainer run ended").register(registry);
    Gauge.builder("tickcast.trainer.last.success.timestamp", lastSuccessMillis,
            t -> t.get() == Long.MIN_VALUE ? Double.NaN : t.get() / 1000.0)
        .baseUnit("seconds").description("Epoch time the latest trainer run ended without an error").register(registry);
  }

  /** Registers {@code tickcast_trainer_failing}, read from the scheduled trainer's status. */
  public void bindStatus(Supplier<TrainerStatus> status) {
    Gauge.builder("tickcast.trainer.failing", status, s -> s.get().state() == TrainerStatus.State.FAILING ? 1 : 0)
        .description("1 while the trainer's lease or clients fail and it backs off before joining again").register(registry);
  }

  private static Counter runs(MeterRegistry registry, String outcome) {
    return Counter.builder("tickcast.trainer.runs").description("Finished trainer runs by outcome")
        .tag("outcome", outcome).register(registry);
  }

  public void runStarted() {
    running.incrementAndGet();
  }

  /**
   * A run ended normally.
   *
   * @param trainLoss final training loss
   * @param validationLoss the new model's loss on the held-out slice
   * @param released whether the new model was published
   */
  public void runFinished(Duration took, double trainLoss, double validationLoss, boolean released) {
    trainLossBits.set(Double.doubleToRawLongBits(trainLoss));
    validationLossBits.set(Double.doubleToRawLongBits(validationLoss));
    (released ? this.released : kept).increment();
    ended(took);
    lastSuccessMillis.set(lastRunMillis.get());
  }

  /** A run ended with an error; the losses of the previous run stay. */
  public void runFailed(Duration took) {
    failed.increment();
    ended(took);
  }

  private void ended(Duration took) {
    duration.record(took);
    lastRunMillis.set(clock.getAsLong());
    running.updateAndGet(n -> Math.max(0, n - 1));
  }
}

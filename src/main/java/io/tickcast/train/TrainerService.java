package io.tickcast.train;

import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer as a long-running service: holds (or waits for) the {@link TrainerLease} and, while
 * it is the active trainer, runs {@link Trainer#runOnce} when the {@link TrainingSchedule} says so.
 *
 * <p>Threads: one lease thread ({@code tickcast-trainer-lease}) polls the group and checks the
 * schedule; runs execute on a single-thread executor ({@code tickcast-trainer}), so training never
 * runs on a stream thread and never blocks the lease's polling. Lifecycle: {@link #start()} once,
 * {@link #close()} from any thread; a run in progress is allowed to finish its current step and its
 * result is dropped if the lease was lost.
 */
public final class TrainerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final TickcastConfig config;
  private final Topics topics;
  private final Trainer trainer;
  private final TrainingSchedule schedule;
  private final TrainingRunListener listener;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "tickcast-trainer");
    t.setDaemon(true);
    return t;
  });
  private final Thread leaseThread;
  private final LeaseSource leases;
  /** Waits between attempts to join the trainer group again after a failure: 1 s doubling to 60 s, with jitter. */
  private final RetryBackoff backoff = new RetryBackoff(1_000, 60_000, 0.2);
  private final AtomicReference<TrainerStatus> status = new AtomicReference<>(TrainerStatus.STARTING);
  private volatile boolean stopping;
  private volatile TrainerLease lease;
  /** The run in progress, if any; kept across re-joins so that one run never overlaps another. Lease thread only. */
  private Future<?> running = CompletableFuture.completedFuture(null);

  /**
   * @param onRun told of every finished run, on the trainer thread
   */
  public TrainerService(TickcastConfig config, Topics topics, Consumer<Trainer.Run> onRun) {
    this(config, topics, new TrainingRunListener() {
      @Override
      public void finished(Trainer.Run run, Duration took) {
        onRun.accept(run);
      }
    });
  }

  /**
   * @param listener told of every run's start and end, on the trainer thread
   */
  public TrainerService(TickcastConfig config, Topics topics, TrainingRunListener listener) {
    this(config, topics, listener, () -> new TrainerLease(config, topics.models().name()));
  }

  /** Opens a new lease (joins the trainer group with new clients); may throw what the clients throw. */
  interface LeaseSource {
    TrainerLease open();
  }

  TrainerService(TickcastConfig config, Topics topics, TrainingRunListener listener, LeaseSource leases) {
    this.leases = leases;
    this.config = config;
    this.topics = topics;
    this.trainer = new Trainer(config, topics);
    this.schedule = new TrainingSchedule(config.getLong(TickcastConfig.TRAIN_INTERVAL_MS),
        config.getInt(TickcastConfig.TRAIN_AFTER_CHUNKS));
    this.listener = listener;
    this.leaseThread = new Thread(this::leaseLoop, "tickcast-trainer-lease");
    leaseThread.setDaemon(true);
  }

  public void start() {
    leaseThread.start();
  }

  /** Whether this instance currently holds the lease. */
  public boolean active() {
    TrainerLease l = lease;
    return l != null && l.active();
  }

  /** The trainer's state, its latest error and its latest successful run. */
  public TrainerStatus status() {
    return status.get();
  }

  /**
   * Holds the lease until closed, whatever fails: an error of the lease or its clients (a broker
   * restart, a timeout, an authorisation change) is logged once per distinct cause, the state turns
   * {@link TrainerStatus.State#FAILING}, and after a bounded exponential backoff the trainer joins
   * the group again with new clients. A run in progress is not started twice.
   */
  private void leaseLoop() {
    DistinctErrorLog errors = new DistinctErrorLog(LOG);
    long failures = 0;
    while (!stopping) {
      try (TrainerLease l = leases.open()) {
        lease = l;
        holdLease(l, errors);
      } catch (RuntimeException e) {
        if (stopping) {
          break;
        }
        long wait = backoff.millis(++failures);
        status.updateAndGet(st -> st.withState(TrainerStatus.State.FAILING).withError(e, Instant.now()));
        errors.failed("trainer lease failed", e, "joining the trainer group again in " + wait + " ms");
        sleep(wait);
        continue;
      } finally {
        lease = null;
      }
      failures = 0;
    }
    status.updateAndGet(st -> st.withState(TrainerStatus.State.STOPPED));
  }

  /** Polls the lease and starts runs while active, until closed; throws what the lease's clients throw. */
  private void holdLease(TrainerLease l, DistinctErrorLog errors) {
    boolean wasActive = false;
    boolean first = true;
    long nextOffsetCheck = 0;
    while (!stopping) {
      l.poll(POLL);
      boolean nowActive = l.active();
      if (nowActive != wasActive || first) {
        if (nowActive != wasActive) {
          LOG.info(nowActive ? "this instance is now the active trainer" : "this instance is no longer the active trainer");
          schedule.reset();
        }
        wasActive = nowActive;
        first = false;
        TrainerStatus.State state = nowActive ? TrainerStatus.State.ACTIVE : TrainerStatus.State.STANDBY;
        status.updateAndGet(st -> st.withState(state));
      }
      if (!nowActive || !running.isDone()) {
        continue;
      }
      long now = System.currentTimeMillis();
      if (now < nextOffsetCheck) {
        continue;
      }
      nextOffsetCheck = now + 1000;
      long offsets = l.endOffsetSum(topics.history().name(), Duration.ofSeconds(30));
      if (errors.recovered("trainer lease")) {
        status.updateAndGet(st -> st.withState(TrainerStatus.State.ACTIVE));
      }
      if (schedule.due(now, offsets)) {
        LOG.info("training run due ({} new history chunks)", schedule.newChunks(offsets));
        running = executor.submit(() -> runAndRecord(l, offsets));
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void runAndRecord(TrainerLease l, long offsetsWhenDue) {
    long started = System.currentTimeMillis();
    long t0 = System.nanoTime();
    listener.started();
    try {
      Trainer.Run run = trainer.runOnce(() -> l.active() && !stopping);
      schedule.ran(started, run.historyEndOffsets());
      status.updateAndGet(st -> st.withSuccess(Instant.now()));
      listener.finished(run, Duration.ofNanos(System.nanoTime() - t0));
    } catch (RuntimeException e) {
      // a failed run is retried at the next interval, not in a tight loop
      schedule.ran(started, offsetsWhenDue);
      status.updateAndGet(st -> st.withError(e, Instant.now()));
      LOG.error("training run failed: {}", e.getMessage(), e);
      listener.failed(Duration.ofNanos(System.nanoTime() - t0), e);
    }
  }

  /** Stops the lease (handing it to another instance) and the executor. */
  @Override
  public void close() {
    stopping = true;
    try {
      leaseThread.join(15_000);
      executor.shutdown();
      if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
        LOG.warn("a training run is still in progress; it will not publish");
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One run now, by whichever instance holds the lease: waits up to {@code leaseWait} to become the
   * active trainer, runs once, and hands the lease back.
   *
   * @return the run, or null when another instance held the lease throughout
   */
  public static Trainer.Run runOnce(TickcastConfig config, Topics topics, Duration leaseWait) {
    Trainer trainer = new Trainer(config, topics);
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "tickcast-trainer"));
    try (TrainerLease l = new TrainerLease(config, topics.models().name())) {
      long deadline = System.nanoTime() + leaseWait.toNanos();
      while (!l.active()) {
        if (System.nanoTime() > deadline) {
          LOG.info("another trainer held the lease for {}; not training", leaseWait);
          return null;
        }
        l.poll(POLL);
      }
      Future<Trainer.Run> run = executor.submit(() -> trainer.runOnce(l::active));
      while (!run.isDone()) {
        l.poll(POLL); // keep the membership while training
      }
      return run.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      executor.shutdownNow();
    }
  }
}

package io.tickcast.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGINT/SIGTERM for a long-running command. The JVM waits for shutdown hooks, not for the main
 * thread, so the hook trips the signal and then waits until the command says it has closed
 * everything: a Ctrl-C ends with a clean close, not a cut-off one.
 *
 * <p>Use: {@code try (StopSignal stop = StopSignal.install("run", Duration.ofSeconds(60))) { ...; stop.await(); }}
 */
final class StopSignal implements AutoCloseable {
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook;

  private StopSignal(String name, Duration closeTimeout) {
    this.hook = new Thread(() -> {
      stop.countDown();
      try {
        closed.await(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "tickcast-" + name + "-shutdown");
  }

  /** Installs the hook; {@code closeTimeout} bounds how long a signal waits for the clean close. */
  static StopSignal install(String name, Duration closeTimeout) {
    StopSignal s = new StopSignal(name, closeTimeout);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  /** Trips the signal from inside (e.g. the streams app failed). */
  void trip() {
    stop.countDown();
  }

  void await() throws InterruptedException {
    stop.await();
  }

  /** Waits up to {@code timeout}; true if the signal tripped. */
  boolean await(Duration timeout) throws InterruptedException {
    return stop.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The command has closed everything: a waiting hook may let the JVM go. */
  @Override
  public void close() {
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running and was just released
    }
  }
}

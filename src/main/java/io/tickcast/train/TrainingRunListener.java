package io.tickcast.train;

import java.time.Duration;

/** Told of the scheduled trainer's runs, on the trainer thread (for meters and consoles). */
public interface TrainingRunListener {
  default void started() {}

  /** A run ended with a result, released or not. */
  default void finished(Trainer.Run run, Duration took) {}

  /** A run ended with an error; it is retried at the next interval. */
  default void failed(Duration took, RuntimeException error) {}
}

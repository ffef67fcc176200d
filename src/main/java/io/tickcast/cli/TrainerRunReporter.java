package io.tickcast.cli;

import io.tickcast.observe.TrainerMetrics;
import io.tickcast.train.Trainer;
import io.tickcast.train.TrainingRunListener;
import java.io.PrintWriter;
import java.time.Duration;

/** Reports scheduled training runs on a console and, when given, in the trainer's meters. */
final class TrainerRunReporter implements TrainingRunListener {
  private final PrintWriter out;
  private final TrainerMetrics metrics;

  TrainerRunReporter(PrintWriter out, TrainerMetrics metrics) {
    this.out = out;
    this.metrics = metrics;
  }

  @Override
  public void started() {
    if (metrics != null) {
      metrics.runStarted();
    }
  }

  @Override
  public void finished(Trainer.Run run, Duration took) {
    boolean released = run.status() == Trainer.Status.RELEASED;
    if (metrics != null) {
      double train = run.candidate() == null ? Double.NaN : run.candidate().trainLoss();
      double validation = run.candidate() == null ? Double.NaN : run.candidate().validationMse();
      metrics.runFinished(took, train, validation, released);
    }
    String figures = run.candidate() == null || Double.isNaN(run.candidate().validationMse()) ? ""
        : String.format(" (validation MSE %.4f vs current %s vs naive %.4f)", run.candidate().validationMse(),
            Double.isNaN(run.candidate().championMse()) ? "none" : String.format("%.4f", run.candidate().championMse()),
            run.candidate().naiveMse());
    out.printf("trainer: %s%s%s in %.1f s%s%n", run.status(), released ? " v" + run.version() : "", figures,
        took.toMillis() / 1000.0, run.detail() == null ? "" : " - " + run.detail());
    out.flush();
  }

  @Override
  public void failed(Duration took, RuntimeException error) {
    if (metrics != null) {
      metrics.runFailed(took);
    }
    out.printf("trainer: run failed after %.1f s: %s%n", took.toMillis() / 1000.0, error.getMessage());
    out.flush();
  }
}

package io.tickcast.cli;

import io.tickcast.stream.ForecastService;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.train.Trainer;
import io.tickcast.train.TrainerService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: one training run now, or {@code --schedule} to keep training while this instance holds the trainer lease. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {
      "Train a challenger on the tick-history topic and release it to the models topic if it beats the current model "
          + "and naive on the held-out slice.",
      "Only one trainer per model is active across instances (a consumer-group lease on the models topic); "
          + "the others wait. With --schedule, runs every train.interval.ms or after train.after.chunks new chunks."})
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigOptions config;

  @Option(names = "--schedule", description = "Keep running on the schedule until stopped (SIGINT/SIGTERM).")
  boolean schedule;

  @Option(names = "--lease-wait", defaultValue = "10m", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "One run only: how long to wait for another active trainer to hand over the lease (e.g. 90s, 10m; default ${DEFAULT-VALUE}).")
  Duration leaseWait;

  @Override
  public Integer call() throws Exception {
    TickcastConfig cfg = config.load();
    Topics topics = ForecastService.prepare(cfg);
    PrintWriter out = spec.commandLine().getOut();
    if (!schedule) {
      Trainer.Run run = TrainerService.runOnce(cfg, topics, leaseWait);
      if (run == null) {
        out.println("another trainer is active; did not train");
      } else {
        out.printf("%s: v%d (%s)%n", run.status(), run.version(), run.detail());
      }
      out.flush();
      return 0;
    }
    // a scheduled trainer serves /metrics (the trainer meters) and /health on http.host:http.port
    try (StopSignal stop = StopSignal.install("train", Duration.ofSeconds(90));
        io.tickcast.observe.Observability observability = io.tickcast.observe.Observability.create(cfg);
        TrainerService service = new TrainerService(cfg, topics, new TrainerRunReporter(out, observability.trainerMetrics()))) {
      observability.attachTrainer(service::status);
      service.start();
      stop.await();
      return 0;
    }
  }
}

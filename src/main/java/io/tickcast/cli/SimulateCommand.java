package io.tickcast.cli;

import io.tickcast.stream.ForecastService;
import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.feed.SimulatedFeed;
import io.tickcast.feed.TickProducer;
import io.tickcast.registry.SchemaRegistryClient;
import java.util.concurrent.Callable;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simulate}: a synthetic tick feed with learnable structure, to the ticks topic. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Produce simulated ticks (an echo of the return 8 ticks back and a hidden drift regime, so there is",
        "something to learn) to the ticks topic, at a fixed rate, until stopped or --ticks are sent."})
public final class SimulateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOptions config;

  @Option(names = "--symbols", paramLabel = "N", description = "Number of symbols, SIM00 .. (default: ${DEFAULT-VALUE}).")
  int symbols = 8;

  @Option(names = "--rate", paramLabel = "TICKS_PER_S", description = "Ticks per second over all symbols (default: ${DEFAULT-VALUE}).")
  double rate = 100;

  @Option(names = "--ticks", paramLabel = "N", description = "Stop after N ticks (default: run until stopped).")
  long ticks = 0;

  @Option(names = "--seed", description = "Seed of the simulated prices (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Override
  public Integer call() throws Exception {
    if (symbols < 1 || !(rate > 0) || ticks < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--symbols must be >= 1, --rate > 0 and --ticks >= 0");
    }
    TickcastConfig cfg = config.load();
    Topics topics;
    try (SchemaRegistryClient registry = io.tickcast.config.Registries.client(cfg)) {
      topics = ForecastService.prepare(cfg, registry);
      try (StopSignal stop = StopSignal.install("simulate", Duration.ofSeconds(15));
          SimulatedFeed feed = new SimulatedFeed(new TickProducer(KafkaClientFactory.of(cfg), topics.ticks()), SimulatedFeed.symbols(symbols), rate, ticks, seed)) {
        feed.start();
        spec.commandLine().getOut().printf("simulating %d symbols at %.0f ticks/s to %s%n", symbols, rate, topics.ticks().name());
        spec.commandLine().getOut().flush();
        while (feed.isRunning() && !stop.await(Duration.ofSeconds(1))) {
          // wait for the feed to finish or for Ctrl-C
        }
        if (feed.failure() != null) {
          throw feed.failure();
        }
        spec.commandLine().getOut().printf("sent %d ticks%n", feed.sent());
      }
    }
    return 0;
  }
}

package io.tickcast.cli;

import io.tickcast.stream.ForecastService;
import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.feed.CsvTicks;
import io.tickcast.feed.RawTick;
import io.tickcast.feed.TickProducer;
import io.tickcast.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replay}: a tick CSV to the ticks topic, in event-time order, at a speed factor or as fast as possible. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay a tick CSV (symbol,timestamp,price[,volume]) to the ticks topic in event-time order.")
public final class ReplayCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOptions config;

  @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "CSV with header symbol,timestamp,price[,volume].")
  Path input;

  @Option(names = "--speed", paramLabel = "FACTOR",
      description = "Replay at this multiple of real time (e.g. 3600: an hour of ticks per second); 0 = as fast as possible (default).")
  double speed = 0;

  @Override
  public Integer call() throws Exception {
    if (speed < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--speed must be >= 0");
    }
    List<RawTick> ticks = new ArrayList<>(CsvTicks.read(input));
    ticks.sort(Comparator.comparingLong(RawTick::time));
    TickcastConfig cfg = config.load();
    try (SchemaRegistryClient registry = io.tickcast.config.Registries.client(cfg)) {
      Topics topics = ForecastService.prepare(cfg, registry);
      try (TickProducer producer = new TickProducer(KafkaClientFactory.of(cfg), topics.ticks())) {
        long wallStart = System.nanoTime();
        long eventStart = ticks.isEmpty() ? 0 : ticks.get(0).time();
        for (RawTick t : ticks) {
          if (speed > 0) {
            long due = wallStart + (long) ((t.time() - eventStart) * 1e6 / speed);
            long wait = due - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
          }
          producer.send(t);
        }
        producer.flush();
        spec.commandLine().getOut().printf("replayed %d ticks from %s to %s%n", ticks.size(), input, topics.ticks().name());
      }
    }
    return 0;
  }
}

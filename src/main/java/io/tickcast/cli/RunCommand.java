package io.tickcast.cli;

import io.tickcast.stream.ForecastService;
import io.tickcast.config.TickcastConfig;
import io.tickcast.lstm.VectorSupport;
import io.tickcast.observe.Observability;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code run}: the streams application against an existing Kafka and registry, until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the forecasting stream against the Kafka and schema registry of the settings until stopped (SIGINT/SIGTERM);"
        + " serves /metrics, /health, /ready, /forecast/{symbol} and /models/current on http.host:http.port.")
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Mixin ConfigOptions config;

  @Override
  public Integer call() throws Exception {
    TickcastConfig cfg = config.load();
    LOG.info("LSTM arithmetic: {}", VectorSupport.activePath());
    try (StopSignal stop = StopSignal.install("run", Duration.ofSeconds(60));
         Observability observability = Observability.create(cfg);
         ForecastService service = ForecastService.create(cfg, observability.listener(), observability.applicationServer())) {
      observability.attach(service.app());
      observability.onStreamsStateChange((now, before) -> {
        LOG.info("streams {} -> {}", before, now);
        if (now == KafkaStreams.State.ERROR) {
          stop.trip();
        }
      });
      service.start();
      stop.await();
      return service.app().streams().state() == KafkaStreams.State.ERROR ? 1 : 0;
    }
  }
}

package io.tickcast.cli;

import io.tickcast.stream.ForecastService;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.StateDictJson;
import io.tickcast.model.ModelRefusedException;
import io.tickcast.model.ModelReleases;
import io.tickcast.schema.ModelRelease;
import io.tickcast.train.ReleasePublisher;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code model import}: publishes weights trained elsewhere (a PyTorch state_dict as JSON) as the
 * next release, with the horizons of its outputs, after the same checks an instance makes before
 * serving it.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Publish a PyTorch-trained model (state_dict JSON, nn.LSTM + nn.Linear(H, K), one output per "
        + "horizon) as the next release of model.name.")
public final class ModelImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigOptions config;

  @Option(names = "--state-dict", required = true, paramLabel = "FILE", description = "state_dict JSON file.")
  Path stateDict;

  @Option(names = "--features", split = ",", paramLabel = "NAME",
      description = "Input features in input order (default: return_z,log_interval_z,log_volume_z,volume_present).")
  List<String> features;

  @Option(names = "--horizons", paramLabel = "H,H,...",
      description = "Horizons of the head's outputs in output order, recorded in the release (default: 1 for a "
          + "head of one output, else forecast.horizons); one per output.")
  String horizonsOption;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(stateDict)) {
      throw new ParameterException(spec.commandLine(), "cannot read --state-dict " + stateDict);
    }
    FeatureSpec spec0;
    try {
      spec0 = features == null ? FeatureSpec.DEFAULT : FeatureSpec.parse(features);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Horizons given = OutputHorizons.parse(spec, horizonsOption);
    TickcastConfig cfg = config.load();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LstmModel lstm;
    Horizons horizons;
    try {
      lstm = LstmModel.fromStateDict(StateDictJson.read(stateDict));
      horizons = OutputHorizons.resolve(lstm.outputCount(), given, cfg.horizons(), TickcastConfig.HORIZONS);
    } catch (IllegalArgumentException e) {
      err.println("refused " + stateDict + ": " + e.getMessage());
      return 1;
    }
    String name = cfg.getString(TickcastConfig.MODEL_NAME);
    var featureSettings = cfg.forecastSettings().features();
    ModelRelease.Builder draft = ModelReleases.builder(name, 0, lstm, spec0, horizons, featureSettings,
            System.currentTimeMillis())
        .setOrigin("import");
    try {
      ModelReleases.toModel(ModelRelease.newBuilder(draft).setVersion(1).build(), featureSettings, cfg.horizons());
    } catch (ModelRefusedException e) {
      err.println("refused " + stateDict + ": " + e.getMessage());
      return 1;
    }
    Topics topics = ForecastService.prepare(cfg);
    ReleasePublisher.Result r = new ReleasePublisher(cfg, topics.models(), Duration.ofMinutes(1))
        .publish(draft, ReleasePublisher.ANY_VERSION);
    if (r.status() != ReleasePublisher.Status.PUBLISHED) {
      err.println("not published: " + r.status());
      return 1;
    }
    out.printf("published %s v%d (%s, horizons %s)%n", name, r.version(), lstm, horizons);
    out.flush();
    return 0;
  }
}

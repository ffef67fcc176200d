package io.tickcast.cli;

import io.tickcast.stream.ForecastService;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.Topics;
import io.tickcast.model.ModelReleases;
import io.tickcast.schema.ModelRelease;
import io.tickcast.train.ReleaseLog;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code model show}: the current release of the configured model, with its provenance. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Print the current release of the model (model.name) on the models topic.")
public final class ModelShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigOptions config;

  @Override
  public Integer call() {
    TickcastConfig cfg = config.load();
    Topics topics = ForecastService.prepare(cfg);
    String name = cfg.getString(TickcastConfig.MODEL_NAME);
    Optional<ModelRelease> release = new ReleaseLog(cfg, topics.models(), Duration.ofMinutes(1)).latest(name);
    PrintWriter out = spec.commandLine().getOut();
    if (release.isEmpty()) {
      out.printf("no release of model '%s' on topic %s: instances serve the built-in default (v0)%n", name,
          topics.models().name());
    } else {
      out.print(describe(release.get()));
    }
    out.flush();
    return 0;
  }

  static String describe(ModelRelease r) {
    StringBuilder sb = new StringBuilder();
    sb.append("model:            ").append(r.getModelName()).append(" v").append(r.getVersion()).append('\n');
    sb.append("created:          ").append(r.getCreatedAt()).append('\n');
    sb.append("origin:           ").append(r.getOrigin())
        .append(r.getParentVersion() == null ? "" : " (warm start from v" + r.getParentVersion() + ")").append('\n');
    sb.append("features:         ").append(r.getFeatures()).append('\n');
    sb.append("feature settings: ").append(r.getFeatureSettings()).append('\n');
    sb.append("horizons:         ").append(r.getHorizons().stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(","))).append(" (ticks; one output each)\n");
    try {
      var lstm = io.tickcast.lstm.LstmModel.fromStateDict(ModelReleases.stateDict(r));
      sb.append("network:          ").append(lstm.numLayers()).append(" layer(s) x ").append(lstm.hiddenSize())
          .append(" hidden, ").append(lstm.outputCount()).append(" output(s), ").append(lstm.parameterCount())
          .append(" parameters\n");
    } catch (RuntimeException e) {
      sb.append("network:          invalid weights: ").append(e.getMessage()).append('\n');
    }
    sb.append("data:             ").append(r.getDataFrom()).append(" .. ").append(r.getDataTo()).append(", ")
        .append(r.getSymbols()).append(" symbols, ").append(r.getTrainingSequences()).append(" training sequences\n");
    sb.append("validation MSE:   ").append(r.getValidationMse()).append(" (champion ")
        .append(r.getChampionValidationMse()).append(", naive ").append(r.getNaiveValidationMse()).append(")")
        .append(r.getHorizons().size() > 1 ? ", horizon 1\n" : "\n");
    if (!r.getValidationMseByHorizon().isEmpty()) {
      sb.append("by horizon:      ");
      for (int k = 0; k < r.getValidationMseByHorizon().size(); k++) {
        sb.append(" h").append(k < r.getHorizons().size() ? r.getHorizons().get(k).toString() : "?").append(' ')
            .append(r.getValidationMseByHorizon().get(k));
        if (k < r.getNaiveValidationMseByHorizon().size()) {
          sb.append(" (naive ").append(r.getNaiveValidationMseByHorizon().get(k)).append(')');
        }
      }
      sb.append('\n');
    }
    sb.append("seed:             ").append(r.getSeed()).append('\n');
    sb.append("training:         ").append(new java.util.TreeMap<>(r.getTrainingSettings())).append('\n');
    return sb.toString();
  }
}

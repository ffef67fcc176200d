package io.tickcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.features.FeatureSettings;
import io.tickcast.features.FeatureSpec;
import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.StateDictJson;
import io.tickcast.model.ModelReleases;
import io.tickcast.schema.ModelRelease;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model import}'s horizon checks, which run before it connects to Kafka, and {@code model
 * show}'s description of a release's horizons. Publishing is covered by {@code ModelCommandsIT}.
 */
class ModelImportShowTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    return Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute(args);
  }

  private Path weights(int outputs) throws Exception {
    Path w = dir.resolve("w" + outputs + ".json");
    StateDictJson.write(LstmModel.initialise(FeatureSpec.DEFAULT.size(), 8, 1, outputs, 5, 1f).toStateDict(), w);
    return w;
  }

  @Test
  void aHeadWhoseOutputsAreNotTheConfiguredHorizonsNeedsHorizonsThatFitIt() throws Exception {
    assertThat(run("model", "import", "--state-dict", weights(2).toString())).isEqualTo(1);
    assertThat(out.toString()).contains("refused").contains("the head has 2 output(s) but forecast.horizons 1,5,20 "
        + "lists 3 horizon(s)");
  }

  @Test
  void horizonsOtherThanTheInstancesAreRefusedAsAnInstanceWouldRefuseThem() throws Exception {
    assertThat(run("model", "import", "--state-dict", weights(2).toString(), "--horizons", "1,5")).isEqualTo(1);
    assertThat(out.toString()).contains("refused").contains("forecasts horizons 1,5")
        .contains("forecast.horizons is 1,5,20");
  }

  @Test
  void horizonsThatAreNotOnePerOutputAreRefused() throws Exception {
    assertThat(run("model", "import", "--state-dict", weights(3).toString(), "--horizons", "1,5")).isEqualTo(1);
    assertThat(out.toString()).contains("the head has 3 output(s) but --horizons 1,5 lists 2 horizon(s)");
    assertThat(run("model", "import", "--state-dict", weights(3).toString(), "--horizons", "1,x")).isEqualTo(2);
  }

  @Test
  void showPrintsTheHorizonsAndTheFiguresOfEach() {
    ModelRelease r = ModelReleases.builder("m", 2, LstmModel.initialise(FeatureSpec.DEFAULT.size(), 8, 1, 3, 5, 1f),
            FeatureSpec.DEFAULT, Horizons.of(1, 5, 20), FeatureSettings.DEFAULTS, 0L)
        .setValidationMse(0.5).setNaiveValidationMse(1.0)
        .setValidationMseByHorizon(List.of(0.5, 0.75, 0.9)).setNaiveValidationMseByHorizon(List.of(1.0, 1.5, 2.0))
        .build();
    String text = ModelShowCommand.describe(r);
    assertThat(text).contains("horizons:         1,5,20 (ticks; one output each)")
        .contains("1 layer(s) x 8 hidden, 3 output(s)")
        .contains("validation MSE:   0.5 (champion null, naive 1.0), horizon 1\n")
        .contains("by horizon:       h1 0.5 (naive 1.0) h5 0.75 (naive 1.5) h20 0.9 (naive 2.0)");
    ModelRelease one = ModelReleases.builder("m", 1, LstmModel.initialise(FeatureSpec.DEFAULT.size(), 8, 1, 5, 1f),
        FeatureSpec.DEFAULT, FeatureSettings.DEFAULTS, 0L).build();
    assertThat(ModelShowCommand.describe(one)).contains("horizons:         1 (ticks; one output each)")
        .contains("1 output(s)").doesNotContain("by horizon");
  }
}

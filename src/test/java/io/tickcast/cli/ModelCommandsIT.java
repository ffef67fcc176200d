package io.tickcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.StateDict;
import io.tickcast.lstm.StateDictJson;
import io.tickcast.lstm.Tensor;
import io.tickcast.train.KafkaTestConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model import} and {@code model show} against the real broker and registry. */
class ModelCommandsIT {
  @TempDir Path dir;

  private final List<String> settings = new ArrayList<>();
  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(settings);
    out.getBuffer().setLength(0);
    return Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute(all.toArray(String[]::new));
  }

  @Test
  void anImportedStateDictBecomesTheNextReleaseAndShowPrintsIt() throws Exception {
    for (Map.Entry<String, Object> e : KafkaTestConfig.props("modelcli").entrySet()) {
      settings.add("--set");
      settings.add(e.getKey() + "=" + e.getValue());
    }
    assertThat(run("model", "show")).isZero();
    assertThat(out.toString()).contains("no release of model 'tickcast'");

    Path good = dir.resolve("good.json");
    StateDictJson.write(LstmModel.initialise(4, 8, 1, 5, 1f).toStateDict(), good);
    assertThat(run("model", "import", "--state-dict", good.toString())).as(out.toString()).isZero();
    assertThat(out.toString()).contains("published tickcast v1");

    Path nan = dir.resolve("nan.json");
    StateDict poisoned = LstmModel.initialise(4, 8, 1, 5, 1f).toStateDict();
    poisoned.put("head.bias", Tensor.vector(Float.NaN));
    StateDictJson.write(poisoned, nan);
    assertThat(run("model", "import", "--state-dict", nan.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("refused");

    Path twoInputs = dir.resolve("two.json");
    StateDictJson.write(LstmModel.initialise(2, 8, 1, 5, 1f).toStateDict(), twoInputs);
    assertThat(run("model", "import", "--state-dict", twoInputs.toString())).isEqualTo(1);

    assertThat(run("model", "import", "--state-dict", good.toString(), "--features", "no_such_feature")).isEqualTo(2);

    assertThat(run("model", "show")).isZero();
    assertThat(out.toString()).contains("tickcast v1").contains("origin:           import")
        .contains("1 layer(s) x 8 hidden").contains("horizons:         1 ");

    Path three = dir.resolve("three.json");
    StateDictJson.write(LstmModel.initialise(4, 8, 1, 3, 5, 1f).toStateDict(), three);
    assertThat(run("model", "import", "--state-dict", three.toString())).as(out.toString()).isZero();
    assertThat(out.toString()).contains("published tickcast v2").contains("horizons 1,5,20");
    assertThat(run("model", "show")).isZero();
    assertThat(out.toString()).contains("tickcast v2").contains("horizons:         1,5,20 ").contains("3 output(s)");
  }
}

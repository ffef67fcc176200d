package io.tickcast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.lstm.Dl4jReference;
import io.tickcast.lstm.StateDictJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tickcast model eval} on the Deeplearning4j reference weights. Float tolerance 1e-5
 * absolute, as in {@code Dl4jReferenceTest}.
 */
class ModelEvalCommandTest {
  static final Dl4jReference REF = Dl4jReference.load();

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  Path weights() throws Exception {
    Path w = dir.resolve("w.json");
    StateDictJson.write(REF.stateDict, w);
    return w;
  }

  Path inputs() throws Exception {
    StringBuilder csv = new StringBuilder("price_return,volume,spread\n");
    for (float[] x : REF.inputs) {
      csv.append(x[0]).append(',').append(x[1]).append(',').append(x[2]).append('\n');
    }
    Path p = dir.resolve("x.csv");
    Files.writeString(p, csv);
    return p;
  }

  @Test
  void printsTheReferenceOutputsAndTopLayerHiddenStatePerStep() throws Exception {
    Run r = run("model", "eval", "--model", weights().toString(), "--input", inputs().toString(), "--hidden");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("output,h0,h1,h2,h3,h4");
    assertThat(lines).hasSize(1 + REF.inputs.length);
    double[][] outputs = REF.doubles("outputs");
    double[][] h = REF.doubles("h");
    for (int t = 0; t < REF.inputs.length; t++) {
      String[] cells = lines.get(t + 1).split(",");
      assertThat(cells).hasSize(6);
      assertThat(Double.parseDouble(cells[0])).as("output at step %d", t).isCloseTo(outputs[t][0], within(1e-5));
      for (int u = 0; u < 5; u++) {
        assertThat(Double.parseDouble(cells[u + 1])).as("h%d at step %d", u, t).isCloseTo(h[t][u], within(1e-5));
      }
    }
  }

  @Test
  void withoutHiddenPrintsOnlyTheOutputColumnInRoundTrippingForm() throws Exception {
    Run r = run("model", "eval", "--model", weights().toString(), "--input", inputs().toString());
    assertThat(r.exitCode()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("output");
    for (String line : lines.subList(1, lines.size())) {
      float v = Float.parseFloat(line);
      assertThat(Float.toString(v)).isEqualTo(line);
    }
  }

  @Test
  void unknownOptionIsAUsageErrorNamingTheOption() throws Exception {
    Run r = run("model", "eval", "--model", weights().toString(), "--input", inputs().toString(), "--bogus");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--bogus");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void missingRequiredOptionIsAUsageErrorNamingIt() throws Exception {
    Run r = run("model", "eval", "--input", inputs().toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--model");
  }

  @Test
  void badWeightsAreARuntimeErrorNamingTheKey() throws Exception {
    Path w = dir.resolve("bad.json");
    Files.writeString(w, StateDictJson.toJson(copyOfReferenceWeights().remove("lstm.bias_hh_l0")));
    Run r = run("model", "eval", "--model", w.toString(), "--input", inputs().toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("lstm.bias_hh_l0").contains("missing");
  }

  static io.tickcast.lstm.StateDict copyOfReferenceWeights() {
    return StateDictJson.parse(StateDictJson.toJson(REF.stateDict));
  }

  @Test
  void inputWithTheWrongNumberOfColumnsIsARuntimeError() throws Exception {
    Path x = dir.resolve("two.csv");
    Files.writeString(x, "a,b\n1,2\n");
    Run r = run("model", "eval", "--model", weights().toString(), "--input", x.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("2 columns").contains("expects 3");
  }

  Path threeOutputWeights() throws Exception {
    Path w = dir.resolve("three.json");
    StateDictJson.write(io.tickcast.lstm.LstmModel.initialise(3, 5, 1, 3, 4, 1f).toStateDict(), w);
    return w;
  }

  @Test
  void printsOneOutputColumnPerHorizon() throws Exception {
    Run r = run("model", "eval", "--model", threeOutputWeights().toString(), "--input", inputs().toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).as("the default forecast.horizons").isEqualTo("output_h1,output_h5,output_h20");
    io.tickcast.lstm.LstmModel m = io.tickcast.lstm.LstmModel.fromStateDict(StateDictJson.read(threeOutputWeights()));
    io.tickcast.lstm.LstmState state = m.newState();
    float[] y = new float[3];
    for (int t = 0; t < REF.inputs.length; t++) {
      m.stepAll(REF.inputs[t], state, y);
      String[] cells = lines.get(t + 1).split(",");
      assertThat(cells).hasSize(3);
      for (int k = 0; k < 3; k++) {
        assertThat(Float.parseFloat(cells[k])).as("output %d at step %d", k, t).isEqualTo(y[k]);
      }
    }
    Run named = run("model", "eval", "--model", threeOutputWeights().toString(), "--input", inputs().toString(),
        "--horizons", "1,2,3", "--hidden");
    assertThat(named.out().lines().findFirst().orElseThrow()).isEqualTo("output_h1,output_h2,output_h3,h0,h1,h2,h3,h4");
  }

  @Test
  void horizonsThatAreNotOnePerOutputAreAnError() throws Exception {
    Run r = run("model", "eval", "--model", threeOutputWeights().toString(), "--input", inputs().toString(),
        "--horizons", "1,5");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("3 output(s)").contains("--horizons 1,5 lists 2 horizon(s)");
    Run one = run("model", "eval", "--model", weights().toString(), "--input", inputs().toString(),
        "--horizons", "1,5");
    assertThat(one.exitCode()).isEqualTo(1);
    assertThat(one.err()).contains("1 output(s)");
    Run bad = run("model", "eval", "--model", weights().toString(), "--input", inputs().toString(),
        "--horizons", "5,1");
    assertThat(bad.exitCode()).as("not a list of horizons: a usage error").isEqualTo(2);
    assertThat(bad.err()).contains("--horizons").contains("start with 1");
  }

  @Test
  void modelWithoutSubCommandIsAUsageError() {
    assertThat(run("model").exitCode()).isEqualTo(2);
  }
}

package io.tickcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON form of a state_dict: what PyTorch users write, read back bit for bit. */
class StateDictJsonTest {

  @Test
  void readsWhatPythonJsonDumpWritesForAStateDict() {
    // json.dumps({k: v.tolist() for k, v in m.state_dict().items()}) for nn.LSTM(2, 1) + nn.Linear(1, 1)
    String json = "{\"lstm.weight_ih_l0\": [[0.5, -0.25], [1.0, 2.0], [0.125, 0.0], [-1.5, 3.0]], "
        + "\"lstm.weight_hh_l0\": [[0.1], [0.2], [0.3], [0.4]], "
        + "\"lstm.bias_ih_l0\": [0.0, 1.0, 0.0, 0.0], \"lstm.bias_hh_l0\": [0.0, 0.0, 0.0, 0.5], "
        + "\"head.weight\": [[2.0]], \"head.bias\": [-0.75]}";
    StateDict dict = StateDictJson.parse(json);
    assertThat(dict.tensors().keySet()).containsExactly("lstm.weight_ih_l0", "lstm.weight_hh_l0",
        "lstm.bias_ih_l0", "lstm.bias_hh_l0", "head.weight", "head.bias");
    assertThat(dict.get("lstm.weight_ih_l0").shape()).containsExactly(4, 2);
    assertThat(dict.get("lstm.weight_ih_l0").values()).containsExactly(0.5f, -0.25f, 1f, 2f, 0.125f, 0f, -1.5f, 3f);
    assertThat(dict.get("head.weight").shape()).containsExactly(1, 1);
    assertThat(dict.get("head.bias").shape()).containsExactly(1);
    LstmModel m = LstmModel.fromStateDict(dict);
    assertThat(m.inputSize()).isEqualTo(2);
    assertThat(m.hiddenSize()).isEqualTo(1);
    assertThat(m.toStateDict()).isEqualTo(dict);
  }

  @Test
  void modelExportedToJsonImportsToIdenticalWeightsAndOutputs(@TempDir Path dir) throws Exception {
    LstmModel model = LstmModel.initialise(4, 8, 2, 123, 1f);
    Path file = dir.resolve("w.json");
    StateDictJson.write(model.toStateDict(), file);
    LstmModel back = LstmModel.fromStateDict(StateDictJson.read(file));
    assertThat(back.toStateDict()).isEqualTo(model.toStateDict());
    LstmState a = model.newState();
    LstmState b = back.newState();
    float[] x = {0.3f, -1f, 2f, 0.01f};
    for (int t = 0; t < 5; t++) {
      assertThat(back.step(x, b)).isEqualTo(model.step(x, a));
    }
    assertThat(Files.readString(file)).startsWith("{\"lstm.weight_ih_l0\":[[");
  }

  @Test
  void streamsAndStringsRoundTripEveryFloatExactly() throws Exception {
    float[] awkward = {Float.MIN_VALUE, Float.MAX_VALUE, -0f, 0.1f, 1f / 3f, 16777217f, -1.17549435E-38f};
    StateDict dict = new StateDict().put("a", Tensor.vector(awkward)).put("scalar", Tensor.of(new float[] {2.5f}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StateDictJson.write(dict, out);
    StateDict back = StateDictJson.read(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back).isEqualTo(dict);
    assertThat(StateDictJson.parse(StateDictJson.toJson(dict))).isEqualTo(dict);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"scalar\":2.5");
  }
}

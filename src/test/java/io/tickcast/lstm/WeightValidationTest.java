package io.tickcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each kind of bad weight file is refused with the offending key named. */
class WeightValidationTest {

  static StateDict valid(int layers) {
    return LstmModel.initialise(3, 4, layers, 7, 0f).toStateDict();
  }

  @ParameterizedTest
  @ValueSource(strings = {"lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
      "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1", "head.weight", "head.bias"})
  void missingKeyIsRefusedByName(String key) {
    StateDict dict = valid(2).remove(key);
    assertThatThrownBy(() -> LstmModel.fromStateDict(dict))
        .isInstanceOf(WeightFormatException.class)
        .hasMessageContaining(key).hasMessageContaining("missing")
        .satisfies(e -> assertThat(((WeightFormatException) e).key()).isEqualTo(key));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0", "lstm.weight_ih_l1",
      "lstm.weight_hh_l1", "head.weight", "head.bias"})
  void wrongShapeIsRefusedByName(String key) {
    StateDict dict = valid(2);
    Tensor t = dict.get(key);
    float[] v = new float[t.size() + 1];
    dict.put(key, Tensor.of(v, v.length));
    assertThatThrownBy(() -> LstmModel.fromStateDict(dict))
        .isInstanceOf(WeightFormatException.class)
        .hasMessageContaining(key).hasMessageContaining("expected shape");
  }

  @Test
  void aKRowHeadNeedsKBiasesAndRowsOfH() {
    StateDict three = LstmModel.initialise(3, 4, 1, 3, 7, 0f).toStateDict();
    assertThat(LstmModel.fromStateDict(three).outputCount()).isEqualTo(3);
    StateDict oneBias = LstmModel.initialise(3, 4, 1, 3, 7, 0f).toStateDict().put("head.bias", Tensor.vector(0f));
    assertThatThrownBy(() -> LstmModel.fromStateDict(oneBias))
        .isInstanceOf(WeightFormatException.class).hasMessageContaining("head.bias")
        .hasMessageContaining("expected shape [3]");
    StateDict wide = LstmModel.initialise(3, 4, 1, 3, 7, 0f).toStateDict()
        .put("head.weight", Tensor.of(new float[15], 3, 5));
    assertThatThrownBy(() -> LstmModel.fromStateDict(wide))
        .isInstanceOf(WeightFormatException.class).hasMessageContaining("head.weight")
        .hasMessageContaining("expected shape [3, 4]");
    StateDict extra = LstmModel.initialise(3, 4, 1, 3, 7, 0f).toStateDict().put("head2.bias", Tensor.vector(0f));
    assertThatThrownBy(() -> LstmModel.fromStateDict(extra))
        .isInstanceOf(WeightFormatException.class).hasMessageContaining("head2.bias")
        .hasMessageContaining("nn.Linear(4, 3)");
  }

  @Test
  void firstInputMatrixWhoseRowsAreNotFourGatesIsRefusedByName() {
    StateDict dict = valid(1).put("lstm.weight_ih_l0", Tensor.of(new float[15], 5, 3));
    assertThatThrownBy(() -> LstmModel.fromStateDict(dict))
        .isInstanceOf(WeightFormatException.class).hasMessageContaining("lstm.weight_ih_l0");
  }

  @Test
  void secondLayerInputWidthMustBeTheHiddenSize() {
    // Layer 1's input is layer 0's h (H=4), so a [16][3] matrix there is a shape error.
    StateDict dict = valid(2).put("lstm.weight_ih_l1", Tensor.of(new float[48], 16, 3));
    assertThatThrownBy(() -> LstmModel.fromStateDict(dict))
        .isInstanceOf(WeightFormatException.class).hasMessageContaining("lstm.weight_ih_l1")
        .hasMessageContaining("[16, 4]");
  }

  @ParameterizedTest
  @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
  void nonFiniteValueIsRefusedByName(float bad) {
    StateDict dict = valid(1);
    float[] v = dict.get("lstm.weight_hh_l0").values();
    v[7] = bad;
    dict.put("lstm.weight_hh_l0", Tensor.of(v, 16, 4));
    assertThatThrownBy(() -> LstmModel.fromStateDict(dict))
        .isInstanceOf(WeightFormatException.class)
        .hasMessageContaining("lstm.weight_hh_l0").hasMessageContaining("non-finite");
  }

  @Test
  void nonFiniteTokensInJsonAreReadAndThenRefusedByName() {
    String json = StateDictJson.toJson(valid(1)).replaceFirst("(\"head.bias\":\\[)[^\\]]*", "$1NaN");
    StateDict dict = StateDictJson.parse(json);
    assertThatThrownBy(() -> LstmModel.fromStateDict(dict))
        .isInstanceOf(WeightFormatException.class).hasMessageContaining("head.bias");
  }

  @Test
  void numberBeyondFloatRangeInJsonIsRefusedAsNonFinite() {
    String json = StateDictJson.toJson(valid(1)).replaceFirst("(\"head.bias\":\\[)[^\\]]*", "$11e39");
    assertThatThrownBy(() -> LstmModel.fromStateDict(StateDictJson.parse(json)))
        .isInstanceOf(WeightFormatException.class).hasMessageContaining("head.bias")
        .hasMessageContaining("non-finite");
  }

  @Test
  void unexpectedKeyIsRefusedByName() {
    StateDict dict = valid(1).put("lstm.weight_ih_l0_reverse", Tensor.of(new float[48], 16, 3));
    assertThatThrownBy(() -> LstmModel.fromStateDict(dict))
        .isInstanceOf(WeightFormatException.class).hasMessageContaining("lstm.weight_ih_l0_reverse");
  }

  @Test
  void moreThanThreeLayersAreRefused() {
    StateDict dict = valid(3).put("lstm.weight_ih_l3", Tensor.of(new float[64], 16, 4));
    assertThatThrownBy(() -> LstmModel.fromStateDict(dict))
        .isInstanceOf(WeightFormatException.class).hasMessageContaining("lstm.weight_ih_l3");
  }

  @Test
  void raggedJsonArrayIsRefusedByName() {
    String json = "{\"lstm.weight_ih_l0\": [[1, 2], [3]]}";
    assertThatThrownBy(() -> StateDictJson.parse(json))
        .isInstanceOf(WeightFormatException.class).hasMessageContaining("lstm.weight_ih_l0")
        .hasMessageContaining("rectangular");
  }

  @Test
  void nonNumberInJsonArrayIsRefusedByName() {
    String json = "{\"head.bias\": [\"0.5\"]}";
    assertThatThrownBy(() -> StateDictJson.parse(json))
        .isInstanceOf(WeightFormatException.class).hasMessageContaining("head.bias");
  }

  @Test
  void invalidJsonIsRefusedAsSuch() {
    assertThatThrownBy(() -> StateDictJson.parse("{\"head.bias\": [0.5"))
        .isInstanceOf(WeightFormatException.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> StateDictJson.parse("[1, 2]"))
        .isInstanceOf(WeightFormatException.class).hasMessageContaining("JSON object");
  }
}

package io.tickcast.lstm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The reference vectors of {@code ../shared/testdata/lstm/dl4j-lstm-3x5.json}: one layer, D=3,
 * H=5, seven steps, computed by Deeplearning4j in double precision.
 */
public final class Dl4jReference {
  public final JsonNode root;
  public final StateDict stateDict;
  public final float[][] inputs;
  public final float[] targets;

  private Dl4jReference(JsonNode root) {
    this.root = root;
    this.stateDict = StateDictJson.parse(root.get("state_dict").toString());
    this.inputs = matrix(root.get("inputs"));
    this.targets = vector(root.get("targets"));
  }

  public static Path file() {
    return Path.of(System.getProperty("tickcast.shared.dir", "../shared"), "testdata", "lstm", "dl4j-lstm-3x5.json");
  }

  public static Dl4jReference load() {
    try {
      return new Dl4jReference(new ObjectMapper().readTree(file().toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Sequence sequence() {
    return new Sequence(inputs, targets);
  }

  public List<Sequence> batch() {
    return List.of(sequence());
  }

  public double[][] doubles(String... path) {
    JsonNode n = root;
    for (String p : path) {
      n = n.get(p);
    }
    double[][] out = new double[n.size()][];
    for (int i = 0; i < n.size(); i++) {
      JsonNode row = n.get(i);
      if (row.isArray()) {
        out[i] = new double[row.size()];
        for (int j = 0; j < row.size(); j++) {
          out[i][j] = row.get(j).doubleValue();
        }
      } else {
        out[i] = new double[] {row.doubleValue()};
      }
    }
    return out;
  }

  static float[][] matrix(JsonNode n) {
    float[][] m = new float[n.size()][];
    for (int i = 0; i < n.size(); i++) {
      m[i] = vector(n.get(i));
    }
    return m;
  }

  static float[] vector(JsonNode n) {
    float[] v = new float[n.size()];
    for (int i = 0; i < n.size(); i++) {
      v[i] = n.get(i).floatValue();
    }
    return v;
  }
}

package io.tickcast.lstm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PyTorch {@code state_dict} as JSON: exactly what {@code json.dump({k: v.tolist() for k, v in
 * model.state_dict().items()})} writes. Each value is a (nested) list of numbers whose nesting
 * gives the shape; a bare number is a rank-0 tensor.
 *
 * <p>Python's {@code json} writes {@code NaN} and {@code Infinity} as bare tokens; they are read
 * here so that the model, not the parser, refuses them with the key named. Numbers are written in
 * the shortest form that reads back to the same float.
 *
 * <p>This is the only class of the package that uses a library outside the JDK (Jackson).
 */
public final class StateDictJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build();

  private StateDictJson() {}

  public static StateDict read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  public static StateDict read(InputStream in) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new WeightFormatException(null, "not valid JSON: " + e.getOriginalMessage(), e);
    }
    return fromTree(root);
  }

  public static StateDict parse(String json) {
    try {
      return fromTree(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new WeightFormatException(null, "not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static void write(StateDict dict, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      write(dict, out);
    }
  }

  /** Writes the JSON to {@code out} and flushes it; does not close it. */
  public static void write(StateDict dict, OutputStream out) throws IOException {
    JsonFactory factory = MAPPER.getFactory();
    try (JsonGenerator gen = factory.createGenerator(out)) {
      gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      gen.writeStartObject();
      for (Map.Entry<String, Tensor> e : dict.tensors().entrySet()) {
        gen.writeFieldName(e.getKey());
        Tensor t = e.getValue();
        writeNested(gen, t.shape(), t.values(), 0, 0);
      }
      gen.writeEndObject();
    }
    out.flush();
  }

  public static String toJson(StateDict dict) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      write(dict, buf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  /** Writes the sub-array at {@code dim} starting at flat index {@code offset}; returns the next index. */
  private static int writeNested(JsonGenerator gen, int[] shape, float[] values, int dim, int offset)
      throws IOException {
    if (dim == shape.length) {
      gen.writeNumber(values[offset]);
      return offset + 1;
    }
    gen.writeStartArray();
    for (int i = 0; i < shape[dim]; i++) {
      offset = writeNested(gen, shape, values, dim + 1, offset);
    }
    gen.writeEndArray();
    return offset;
  }

  private static StateDict fromTree(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new WeightFormatException(null, "expected a JSON object mapping names to nested lists");
    }
    StateDict dict = new StateDict();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      dict.put(field.getKey(), toTensor(field.getKey(), field.getValue()));
    }
    return dict;
  }

  private static Tensor toTensor(String key, JsonNode node) {
    List<Integer> dims = new ArrayList<>();
    for (JsonNode n = node; n.isArray(); n = n.size() == 0 ? n : n.get(0)) {
      dims.add(n.size());
      if (n.size() == 0) {
        break;
      }
    }
    int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
    long size = 1;
    for (int d : shape) {
      size *= d;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new WeightFormatException(key, "tensor too large");
    }
    float[] values = new float[(int) size];
    int filled = fill(key, node, shape, 0, values, 0);
    if (filled != size) {
      throw new WeightFormatException(key, "not a rectangular array");
    }
    return new Tensor(shape, values);
  }

  private static int fill(String key, JsonNode node, int[] shape, int dim, float[] out, int offset) {
    if (dim == shape.length) {
      if (!node.isNumber()) {
        throw new WeightFormatException(key, "expected a number, found " + node.getNodeType());
      }
      out[offset] = node.floatValue();
      return offset + 1;
    }
    if (!node.isArray() || node.size() != shape[dim]) {
      throw new WeightFormatException(key, "not a rectangular array (ragged at depth " + dim + ")");
    }
    for (JsonNode child : node) {
      offset = fill(key, child, shape, dim + 1, out, offset);
    }
    return offset;
  }
}

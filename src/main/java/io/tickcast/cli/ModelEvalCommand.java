package io.tickcast.cli;

import io.tickcast.forecast.Horizons;
import io.tickcast.lstm.LstmModel;
import io.tickcast.lstm.LstmState;
import io.tickcast.lstm.StateDictJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickcast model eval --model W.json --input X.csv [--hidden]}: runs a model over a CSV of
 * inputs from a zero state and prints one CSV row per step.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Run a model from a zero state over X.csv (a header naming the D feature columns, then one row "
          + "per time step) and print CSV: a header, then per step one output column per horizon (a "
          + "one-output model's column is 'output', a K-output model's 'output_h<H>' per horizon) and, "
          + "with --hidden, the top layer's h. Numbers are printed so that they read back to the same float.",
      "Launch with 'java --add-modules jdk.incubator.vector -jar tickcast.jar ...' for the vector path."
    })
public final class ModelEvalCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "W.json",
      description = "Weights: PyTorch state_dict as JSON ({k: v.tolist()}).")
  Path modelFile;

  @Option(names = "--input", required = true, paramLabel = "X.csv",
      description = "Inputs: header with D column names, one row of D numbers per step.")
  Path inputFile;

  @Option(names = "--hidden", description = "Also print the top layer's hidden state h after each step.")
  boolean hidden;

  @Option(names = "--horizons", paramLabel = "H,H,...",
      description = "Horizons of the outputs in output order, naming the columns (default: 1 for a one-output "
          + "model, else the default forecast.horizons 1,5,20); one per output.")
  String horizonsOption;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Horizons given = OutputHorizons.parse(spec, horizonsOption);
    try {
      LstmModel model = LstmModel.fromStateDict(StateDictJson.read(modelFile));
      Horizons horizons = OutputHorizons.resolve(model.outputCount(), given, Horizons.DEFAULT,
          "the default forecast.horizons");
      evaluate(model, horizons, out);
      out.flush();
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      out.flush();
      err.println("model eval: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private void evaluate(LstmModel model, Horizons horizons, PrintWriter out) throws IOException {
    int d = model.inputSize();
    int top = model.numLayers() - 1;
    try (BufferedReader in = Files.newBufferedReader(inputFile, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new IllegalArgumentException(inputFile + ": empty, expected a header naming " + d + " columns");
      }
      int columns = header.split(",", -1).length;
      if (columns != d) {
        throw new IllegalArgumentException(
            inputFile + ": header names " + columns + " columns, the model expects " + d + " inputs");
      }
      StringBuilder row = new StringBuilder();
      if (horizons.count() == 1) {
        row.append("output");
      } else {
        for (int k = 0; k < horizons.count(); k++) {
          row.append(k == 0 ? "" : ",").append("output_h").append(horizons.get(k));
        }
      }
      for (int u = 0; hidden && u < model.hiddenSize(); u++) {
        row.append(",h").append(u);
      }
      out.println(row);
      LstmState state = model.newState();
      float[] x = new float[d];
      float[] y = new float[model.outputCount()];
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        parseRow(line, lineNo, x);
        model.stepAll(x, state, y);
        row.setLength(0);
        for (int k = 0; k < y.length; k++) {
          row.append(k == 0 ? "" : ",").append(y[k]);
        }
        if (hidden) {
          for (float h : state.h(top)) {
            row.append(',').append(h);
          }
        }
        out.println(row);
      }
    }
  }

  private void parseRow(String line, int lineNo, float[] x) {
    String[] cells = line.split(",", -1);
    if (cells.length != x.length) {
      throw new IllegalArgumentException(
          inputFile + " line " + lineNo + ": " + cells.length + " values, expected " + x.length);
    }
    for (int i = 0; i < x.length; i++) {
      try {
        x[i] = Float.parseFloat(cells[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            inputFile + " line " + lineNo + " column " + (i + 1) + ": not a number: '" + cells[i].trim() + "'");
      }
      if (!Float.isFinite(x[i])) {
        throw new IllegalArgumentException(
            inputFile + " line " + lineNo + " column " + (i + 1) + ": not finite: '" + cells[i].trim() + "'");
      }
    }
  }
}

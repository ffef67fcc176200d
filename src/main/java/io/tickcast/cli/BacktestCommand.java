package io.tickcast.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tickcast.backtest.Backtest;
import io.tickcast.backtest.BacktestReport;
import io.tickcast.backtest.DieboldMariano;
import io.tickcast.backtest.SeedSummary;
import io.tickcast.backtest.html.BacktestRecording;
import io.tickcast.backtest.html.HtmlReport;
import io.tickcast.backtest.html.ReportContext;
import io.tickcast.config.TickcastConfig;
import io.tickcast.feed.CsvTicks;
import io.tickcast.feed.RawTick;
import io.tickcast.train.TrainerSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code backtest}: offline walk-forward evaluation on a CSV file, on the stream's own per-tick code
 * and the trainer's own training; needs no Kafka. Training and feature settings come from the
 * same keys as the trainer's ({@code --set train.max.epochs=10}, ...).
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = {
      "Walk-forward backtest on a CSV (symbol,timestamp,price[,volume]): train on the first part of every symbol, "
          + "then predict-then-observe tick by tick. Prints a table; --json writes the report, --html a self-contained "
          + "HTML page with charts.",
      "Training uses the train.* settings (defaults: hidden 32, sequence 48, burn-in 16, at most 30 epochs "
          + "with patience 4, at most 20000 sequences, seed 7)."})
public final class BacktestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigOptions config;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV of ticks, rows in time order per symbol.")
  Path input;

  @Option(names = "--train-fraction", defaultValue = "0.7", paramLabel = "F",
      description = "Share of each symbol's ticks used as history (default ${DEFAULT-VALUE}).")
  double trainFraction;

  @Option(names = "--retrain-every", defaultValue = "0", paramLabel = "N",
      description = "Retrain every N walked ticks on everything seen so far; 0 (default) never.")
  int retrainEvery;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON here.")
  Path json;

  @Option(names = "--html", paramLabel = "FILE",
      description = "Write the report as one self-contained HTML file with charts (opens offline) here.")
  Path html;

  @Option(names = "--html-symbol", paramLabel = "S",
      description = "Symbol of the HTML report's price chart (default: the one with the most ticks).")
  String htmlSymbol;

  @Option(names = "--seeds", defaultValue = "1", paramLabel = "N",
      description = "Train with N seeds (train.seed, train.seed+1, ...) and report the mean of every figure, "
          + "with its standard deviation under <figure>_std (default ${DEFAULT-VALUE}).")
  int seeds;

  @Override
  public Integer call() throws Exception {
    if (!(trainFraction > 0 && trainFraction < 1)) {
      throw new ParameterException(spec.commandLine(), "--train-fraction must be in (0, 1): " + trainFraction);
    }
    if (retrainEvery < 0) {
      throw new ParameterException(spec.commandLine(), "--retrain-every must be >= 0: " + retrainEvery);
    }
    if (seeds < 1) {
      throw new ParameterException(spec.commandLine(), "--seeds must be >= 1: " + seeds);
    }
    if (!Files.isReadable(input)) {
      throw new ParameterException(spec.commandLine(), "cannot read --input " + input);
    }
    if (htmlSymbol != null && html == null) {
      throw new ParameterException(spec.commandLine(), "--html-symbol needs --html");
    }
    TickcastConfig cfg = config.load();
    List<RawTick> ticks = CsvTicks.read(input);
    if (htmlSymbol != null && ticks.stream().noneMatch(t -> t.symbol().equals(htmlSymbol))) {
      throw new ParameterException(spec.commandLine(), "--html-symbol " + htmlSymbol + " is not in " + input + "; it has "
          + ticks.stream().map(RawTick::symbol).distinct().limit(20).collect(Collectors.joining(", ")));
    }
    TrainerSettings trainer = TrainerSettings.from(cfg);
    // with several seeds, the HTML report shows the first seed's run
    BacktestRecording recording = html == null ? null : new BacktestRecording();
    BacktestReport recorded = null;
    PrintWriter out = spec.commandLine().getOut();
    List<Long> seedList = new ArrayList<>();
    List<Map<String, Object>> reports = new ArrayList<>();
    BacktestReport last = null;
    for (int i = 0; i < seeds; i++) {
      long seed = trainer.training().seed() + i;
      TrainerSettings seeded = trainer.withTraining(trainer.training().toBuilder().seed(seed).build());
      Backtest backtest = new Backtest(cfg.forecastSettings(), seeded);
      BacktestReport report = recording == null || i > 0
          ? backtest.run(ticks, trainFraction, retrainEvery)
          : backtest.run(ticks, trainFraction, retrainEvery, recording);
      if (i == 0) {
        recorded = report;
      }
      if (seeds > 1) {
        out.printf("seed %d%n", seed);
      }
      for (BacktestReport.ModelUse u : report.models()) {
        out.printf("model at walked tick %d: v%d (%s)%n", u.atTick(), u.version(), u.verdict());
      }
      out.print(report.table());
      DieboldMariano.Result dm = report.dieboldMariano();
      out.printf(Locale.ROOT, "Diebold-Mariano, emitted vs naive (squared log-return error, %d HAC lags): statistic %.3f, p-value %.4f%n",
          dm.lags(), dm.statistic(), dm.pValue());
      out.flush();
      seedList.add(seed);
      reports.add(report.toMap());
      last = report;
    }
    if (json != null) {
      if (seeds == 1) {
        last.writeJson(json);
      } else {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(),
            SeedSummary.combine(seedList, reports));
      }
    }
    if (html != null) {
      HtmlReport.write(html, recorded, recording, new ReportContext(input.toString(), commandLine(), htmlSymbol,
          trainingSettings(trainer), ticks, Instant.now()));
    }
    return 0;
  }

  /** The command as typed, for the report's title; arguments with spaces or quotes are single-quoted. */
  private String commandLine() {
    // the parse result holds the whole command line, the subcommand's name included
    StringBuilder sb = new StringBuilder("tickcast");
    for (String arg : spec.commandLine().getParseResult().originalArgs()) {
      sb.append(' ').append(arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }

  private static Map<String, String> trainingSettings(TrainerSettings t) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("modelName", t.modelName());
    m.put("features", String.join(", ", t.features().names()));
    m.put("seed", Long.toString(t.training().seed()));
    m.putAll(t.toMap());
    return m;
  }
}

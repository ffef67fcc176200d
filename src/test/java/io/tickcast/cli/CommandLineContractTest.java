package io.tickcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command answers --help with exit 0, and a bad option with exit 2 and a message naming it. */
class CommandLineContractTest {

  /** Every command path, e.g. [demo], [model, eval]: found from the command tree, so a new command is covered too. */
  static Stream<List<String>> commands() {
    List<List<String>> out = new ArrayList<>();
    collect(Main.commandLine(), new ArrayList<>(), out);
    return out.stream();
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
    for (var e : cl.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      List<String> p = new ArrayList<>(path);
      p.add(e.getKey());
      out.add(p);
      collect(e.getValue(), p, out);
    }
  }

  private record Outcome(int code, String out, String err) {}

  private static Outcome run(List<String> args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args.toArray(String[]::new));
    return new Outcome(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpExitsZeroAndDescribesTheCommand(List<String> command) {
    List<String> args = new ArrayList<>(command);
    args.add("--help");
    Outcome o = run(args);
    assertThat(o.code()).isZero();
    assertThat(o.out()).contains("Usage:").contains(command.get(command.size() - 1));
    // defaults read as users write them (45s, 10m), never as java.time's PT45S
    assertThat(o.out()).doesNotContainPattern("PT[0-9]").doesNotContain("${");
  }

  @org.junit.jupiter.api.Test
  void durationDefaultsAreShownAsUsersWriteThem() {
    String help = run(List.of("demo", "--help")).out();
    assertThat(help).contains("(default: 45s)").contains("(default: 5s)");
  }

  @ParameterizedTest
  @MethodSource("commands")
  void anUnknownOptionIsAUsageErrorNamingTheOption(List<String> command) {
    List<String> args = new ArrayList<>(command);
    // give the command's required options a value, so the unknown option is the only error
    CommandLine target = Main.commandLine();
    for (String name : command) {
      target = target.getSubcommands().get(name);
    }
    for (var option : target.getCommandSpec().requiredArgs()) {
      if (option instanceof CommandLine.Model.OptionSpec o) {
        args.add(o.longestName());
        args.add("x");
      }
    }
    args.add("--no-such-option");
    Outcome o = run(args);
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("--no-such-option");
  }

  @org.junit.jupiter.api.Test
  void theCommandSetIsComplete() {
    assertThat(commands().map(c -> String.join(" ", c)).toList())
        .contains("demo", "run", "train", "simulate", "replay", "backtest", "model", "model eval", "model import", "model show");
  }

  @org.junit.jupiter.api.Test
  void aBadSettingFailsAtStartWithAMessageNamingIt() {
    Outcome o = run(List.of("run", "--set", "num.stream.threads=zero"));
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err()).contains("num.stream.threads");
  }
}

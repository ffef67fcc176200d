package io.tickcast.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code tickcast.jar}: dispatches to the sub-commands. */
@Command(
    name = "tickcast",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Streaming online LSTM forecaster on Kafka.",
    subcommands = {DemoCommand.class, RunCommand.class, TrainCommand.class, SimulateCommand.class, ReplayCommand.class,
        BacktestCommand.class, ModelCommand.class, BenchCommand.class, SettingsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code: 0 ok, 1 runtime error, 2 usage error. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    // Usage errors keep picocli's 2; anything else that escapes a command is a runtime error.
    cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
        ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE);
    // A runtime error is reported as its message chain, not a stack trace: bad settings name the setting.
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      StringBuilder sb = new StringBuilder("tickcast ").append(commandLine.getCommandName()).append(": ");
      sb.append(e instanceof org.apache.kafka.common.config.ConfigException ? "configuration error: " : "error: ");
      sb.append(e.getMessage());
      for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
        if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
          sb.append("\n  caused by: ").append(c.getMessage());
        }
      }
      commandLine.getErr().println(sb);
      if (Boolean.getBoolean("tickcast.stacktrace")) {
        e.printStackTrace(commandLine.getErr());
      }
      commandLine.getErr().flush();
      return CommandLine.ExitCode.SOFTWARE;
    });
    return cl;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"tickcast " + (v == null ? "dev" : v)};
    }
  }
}

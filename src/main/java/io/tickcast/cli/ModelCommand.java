package io.tickcast.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code model}: sub-commands about model releases. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect and publish model releases.",
    subcommands = {ModelShowCommand.class, ModelImportCommand.class})
public final class ModelCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command");
  }
}

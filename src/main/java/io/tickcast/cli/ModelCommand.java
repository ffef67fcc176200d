package io.tickcast.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code model}: model releases and LSTM weight files (PyTorch state_dict JSON). */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = "Evaluate weight files, publish them as releases, and show the current release.",
    subcommands = {ModelEvalCommand.class, ModelImportCommand.class, ModelShowCommand.class})
public final class ModelCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command");
  }
}

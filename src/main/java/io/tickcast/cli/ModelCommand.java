package io.tickcast.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tickcast model ...}: working with LSTM weight files. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Work with LSTM weight files (PyTorch state_dict JSON).",
    subcommands = {ModelEvalCommand.class})
public final class ModelCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command");
  }
}

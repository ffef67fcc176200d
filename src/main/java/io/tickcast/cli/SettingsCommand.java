package io.tickcast.cli;

import io.tickcast.config.TickcastConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code settings}: every setting with its environment variable, default and meaning (the README's table). */
@Command(name = "settings", mixinStandardHelpOptions = true,
    description = "Print every tickcast setting, its TICKCAST_* environment variable, default and description, as a Markdown table.")
public final class SettingsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(TickcastConfig.markdownTable());
    spec.commandLine().getOut().flush();
    return 0;
  }
}

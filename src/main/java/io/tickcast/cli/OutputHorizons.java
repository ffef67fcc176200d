package io.tickcast.cli;

import io.tickcast.forecast.Horizons;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The horizons of a weight file's outputs, as the model commands take them: one per output, in output order. */
final class OutputHorizons {
  private OutputHorizons() {}

  /**
   * Parses a {@code --horizons} value.
   *
   * @return null when the option was not given
   * @throws CommandLine.ParameterException for a value that is not a valid list of horizons
   */
  static Horizons parse(CommandSpec spec, String option) {
    if (option == null) {
      return null;
    }
    try {
      return Horizons.parse(option);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--horizons: " + e.getMessage());
    }
  }

  /**
   * The horizons of a model of {@code outputs} outputs: those given, else [1] for one output and
   * {@code fallback} for more.
   *
   * @param fallbackName what {@code fallback} is, for the message
   * @throws IllegalArgumentException when the horizons are not one per output
   */
  static Horizons resolve(int outputs, Horizons given, Horizons fallback, String fallbackName) {
    Horizons h = given != null ? given : outputs == 1 ? Horizons.NEXT_TICK : fallback;
    if (h.count() != outputs) {
      String source = given != null ? "--horizons " + h : fallbackName + " " + h;
      throw new IllegalArgumentException("the head has " + outputs + " output(s) but " + source + " lists "
          + h.count() + " horizon(s): give --horizons with one horizon per output, in output order");
    }
    return h;
  }
}

package io.tickcast.backtest.html;

import io.tickcast.feed.RawTick;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the HTML report says about how it was made, beside the backtest's own figures.
 *
 * @param inputName the input file as given on the command line
 * @param commandLine the command that made the report
 * @param symbol the symbol of the price chart; null for the one with the most walked ticks
 * @param trainingSettings the training settings, by name, in display order
 * @param ticks the input rows as read (for the data range)
 * @param generated when the report was written
 */
public record ReportContext(String inputName, String commandLine, String symbol, Map<String, String> trainingSettings,
    List<RawTick> ticks, Instant generated) {
  public ReportContext {
    trainingSettings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(trainingSettings));
    ticks = List.copyOf(ticks);
  }
}

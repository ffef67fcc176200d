package io.tickcast.feed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads tick CSV files: a header {@code symbol,timestamp,price[,volume]}, then one tick per line.
 * Timestamps are epoch milliseconds or ISO-8601 (an instant, a local date-time taken as UTC, or a date).
 * A malformed line fails with its line number.
 */
public final class CsvTicks {
  private CsvTicks() {}

  public static List<RawTick> read(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new IllegalArgumentException(file + ": empty file, expected a header symbol,timestamp,price[,volume]");
      }
      String[] cols = header.trim().toLowerCase(java.util.Locale.ROOT).split(",");
      if (cols.length < 3 || !cols[0].equals("symbol") || !cols[1].equals("timestamp") || !cols[2].equals("price")) {
        throw new IllegalArgumentException(file + ": header must be symbol,timestamp,price[,volume], was: " + header);
      }
      boolean hasVolume = cols.length >= 4 && cols[3].equals("volume");
      List<RawTick> out = new ArrayList<>();
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length < 3) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": expected at least 3 fields: " + line);
        }
        try {
          double volume = hasVolume && f.length > 3 && !f[3].isBlank() ? Double.parseDouble(f[3].trim()) : Double.NaN;
          out.add(new RawTick(f[0].trim(), parseTime(f[1].trim()), Double.parseDouble(f[2].trim()), volume));
        } catch (NumberFormatException | DateTimeParseException e) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage() + ": " + line, e);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static long parseTime(String s) {
    if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(s);
    }
    if (s.length() == 10) {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
      return Instant.parse(s).toEpochMilli();
    }
    return java.time.LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}

package io.tickcast.train;

import java.util.Objects;
import org.slf4j.Logger;

/**
 * Logs a recurring failure once per distinct cause rather than on every retry: the first time a
 * cause (the root exception's class and message) is seen in a row it is logged as a warning with its
 * stack; the same cause again only at debug level, with the count. A success, or another cause,
 * starts over.
 *
 * <p>Not thread-safe: one thread (the trainer's lease thread) owns it.
 */
final class DistinctErrorLog {
  private final Logger log;
  private String lastCause;
  private long repeats;

  DistinctErrorLog(Logger log) {
    this.log = log;
  }

  /**
   * Logs {@code error} under {@code what} (e.g. "trainer lease failed") unless its cause was just
   * logged; returns whether it was logged as a warning.
   */
  boolean failed(String what, Throwable error, String then) {
    String cause = causeOf(error);
    if (Objects.equals(cause, lastCause)) {
      repeats++;
      log.debug("{} again ({} times in a row): {}; {}", what, repeats + 1, cause, then);
      return false;
    }
    lastCause = cause;
    repeats = 0;
    log.warn("{}: {}; {}", what, cause, then, error);
    return true;
  }

  /** The failures are over; returns whether there were any, and logs how many if one repeated. */
  boolean recovered(String what) {
    if (lastCause == null) {
      return false;
    }
    log.info("{} recovered after {} ({} failures in a row)", what, lastCause, repeats + 1);
    lastCause = null;
    repeats = 0;
    return true;
  }

  /** The root cause's class and message, which name the failure whatever wraps it. */
  static String causeOf(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getName() + ": " + root.getMessage();
  }
}

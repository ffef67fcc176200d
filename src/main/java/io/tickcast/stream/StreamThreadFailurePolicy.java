package io.tickcast.stream;

import io.tickcast.registry.RegistryException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.errors.TopologyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies: it is replaced, unless a new thread cannot fix the cause.
 *
 * <p>Replaced ({@code REPLACE_THREAD}): everything a broker or registry outage causes, such as a
 * transaction that cannot commit after a broker restart ({@code InvalidTxnStateException},
 * {@code ProducerFencedException}), timeouts, and a schema registry that does not answer. The new
 * thread resumes from the last committed offsets; under exactly-once the failed thread's open
 * transaction is aborted, so nothing is lost or duplicated.
 *
 * <p>The client shuts down ({@code SHUTDOWN_CLIENT}), with a log line that says why, on errors a
 * restart cannot fix: failed authentication or authorisation, a missing source topic, an invalid
 * topology or configuration, a broker too old for the protocol, and JVM errors such as
 * {@link OutOfMemoryError}; and when threads died of other than an outage more than
 * {@link #MAX_REPLACEMENTS} times within {@link #WINDOW_MILLIS}, which is a crash loop (for example a
 * bug that fails on one record). Outage failures (retriable client errors, transaction state after a
 * broker restart, an unavailable registry) are always replaced, however long the outage lasts. Kafka Streams cannot replace its global thread: it shuts the client down whatever this
 * answers.
 *
 * <p>Thread-safe: stream threads may die at the same time.
 */
final class StreamThreadFailurePolicy implements StreamsUncaughtExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailurePolicy.class);
  /** Replacements allowed within {@link #WINDOW_MILLIS} before the failures count as a crash loop. */
  static final int MAX_REPLACEMENTS = 20;
  static final long WINDOW_MILLIS = 10 * 60_000L;

  private final ForecastListener listener;
  private final LongSupplier clock;
  private final Deque<Long> recent = new ArrayDeque<>();

  StreamThreadFailurePolicy(ForecastListener listener, LongSupplier clock) {
    this.listener = listener;
    this.clock = clock;
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable exception) {
    Throwable cause = rootCause(exception);
    String kind = cause.getClass().getSimpleName();
    String fatal = unfixableByRestart(exception);
    // an outage fails threads for as long as it lasts, each failure paced by the clients' own
    // timeouts and retries: only failures of other kinds count towards a crash loop
    if (fatal == null && !outage(exception) && !withinBudget()) {
      fatal = "more than " + MAX_REPLACEMENTS + " stream thread failures within " + (WINDOW_MILLIS / 60_000) + " minutes";
    }
    if (fatal != null) {
      LOG.error("stream thread failed ({}: {}); shutting the streams client down: {}", kind, cause.getMessage(), fatal,
          exception);
      listener.streamThreadFailed(kind, false);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    LOG.warn("stream thread failed ({}: {}); replacing it: the new thread resumes from the last committed offsets",
        kind, cause.getMessage(), exception);
    listener.streamThreadFailed(kind, true);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Whether the failure comes from a broker or registry that is unavailable for now. */
  static boolean outage(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RetriableException || t instanceof InvalidTxnStateException || t instanceof ProducerFencedException
          || t instanceof InvalidProducerEpochException || t instanceof TransactionAbortedException
          || t instanceof RegistryException || t instanceof TaskMigratedException) {
        return true;
      }
    }
    return false;
  }

  /** Why a new thread could not fix this failure, or null if it can. */
  static String unfixableByRestart(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof VirtualMachineError) {
        return "a JVM error";
      }
      if (t instanceof AuthenticationException) {
        return "authentication failed: check the streams.security.protocol, streams.sasl.* and streams.ssl.* settings";
      }
      if (t instanceof AuthorizationException) {
        return "not authorised: grant the application's principal access to its topics and group";
      }
      if (t instanceof MissingSourceTopicException) {
        return "a source topic is missing";
      }
      if (t instanceof TopologyException || t instanceof ConfigException) {
        return "invalid topology or configuration";
      }
      if (t instanceof UnsupportedVersionException) {
        return "the broker does not support a protocol this client needs";
      }
    }
    return null;
  }

  private synchronized boolean withinBudget() {
    long now = clock.getAsLong();
    while (!recent.isEmpty() && now - recent.peekFirst() > WINDOW_MILLIS) {
      recent.pollFirst();
    }
    recent.addLast(now);
    return recent.size() <= MAX_REPLACEMENTS;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}

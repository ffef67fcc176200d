package io.tickcast.stream;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open history chunks of one stream task, by the wall-clock time they opened, so that the idle
 * punctuator visits only the chunks that are due instead of every symbol's state.
 *
 * <p>A chunk is tracked when it opens (or, after a restore, when its symbol next ticks or the
 * one-off scan finds it) and forgotten when it closes. Chunks open in wall-clock order, so the
 * due ones are at the head of a queue; a queue entry whose chunk has closed meanwhile is stale and
 * skipped (the map says which chunk of each symbol is open). Memory: one map entry per open chunk
 * and one queue entry per chunk opened within the last chunk time. Not thread-safe: a processor
 * belongs to one stream thread.
 */
final class ChunkDeadlines {
  private record Opened(String symbol, long chunkIndex, long openedAtMillis) {}

  private final ArrayDeque<Opened> queue = new ArrayDeque<>();
  /** Symbol → index of its open chunk. */
  private final Map<String, Long> open = new HashMap<>();

  /** Tracks the symbol's open chunk, unless it is tracked already. */
  void track(String symbol, long chunkIndex, long openedAtMillis) {
    Long known = open.get(symbol);
    if (known == null || known != chunkIndex) {
      open.put(symbol, chunkIndex);
      queue.addLast(new Opened(symbol, chunkIndex, openedAtMillis));
    }
  }

  /** Forgets the symbol's open chunk (it closed). */
  void closed(String symbol) {
    open.remove(symbol);
  }

  boolean tracks(String symbol, long chunkIndex) {
    Long known = open.get(symbol);
    return known != null && known == chunkIndex;
  }

  /**
   * Moves the symbols whose tracked chunk opened at or before {@code openedAtOrBefore} into
   * {@code due} and stops tracking them; the caller closes them (or tracks them again).
   */
  void takeDue(long openedAtOrBefore, List<String> due) {
    while (!queue.isEmpty()) {
      Opened head = queue.peekFirst();
      if (head.openedAtMillis() > openedAtOrBefore) {
        // chunks open in wall-clock order: a clock stepped back only delays the ones behind it
        return;
      }
      queue.pollFirst();
      if (tracks(head.symbol(), head.chunkIndex())) {
        open.remove(head.symbol());
        due.add(head.symbol());
      }
    }
  }

  int openChunks() {
    return open.size();
  }

  void clear() {
    queue.clear();
    open.clear();
  }
}

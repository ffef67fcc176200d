package io.tickcast.train;

import io.tickcast.schema.HistoryChunk;
import io.tickcast.schema.HistoryTick;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams each symbol's ticks out of history chunks read in time order (see {@link
 * TopicScan#scanInTimeOrder}), holding at most {@link #REORDER_DEPTH} chunks per symbol, never a
 * whole history.
 *
 * <p>Of each symbol, the chunks of the highest indices read so far wait (as primitive arrays, not as
 * the Avro records they were read as); when a chunk of a higher index arrives and more than {@link
 * #REORDER_DEPTH} wait, the lowest is passed on, its ticks in order. So chunks are passed on in
 * index order as long as none arrives after {@link #REORDER_DEPTH} later chunks of its symbol (one
 * that does is dropped and counted, {@link #lateChunks()}). The uncompacted tail may still hold
 * several copies of a chunk (a chunk re-sent after a failure): a copy that arrives while the chunk
 * waits replaces it, as compaction would; a tombstone deletes a waiting chunk. {@link #finish()}
 * passes on what waits. The receiver drops a tick before its symbol's previous tick (a re-sent chunk
 * may overlap its neighbour), as the stream drops it.
 */
public final class HistoryAssembler {
  /** Chunks of one symbol that wait for a later one before they are passed on. */
  static final int REORDER_DEPTH = 2;

  /** Receives each symbol's ticks in chunk order. */
  @FunctionalInterface
  public interface Ticks {
    void tick(String symbol, long time, double price, double volume);
  }

  /** One chunk's ticks. */
  private record Rows(long[] times, double[] prices, double[] volumes) {
    static Rows of(HistoryChunk chunk) {
      List<HistoryTick> ticks = chunk.getTicks();
      int n = ticks.size();
      Rows r = new Rows(new long[n], new double[n], new double[n]);
      for (int i = 0; i < n; i++) {
        HistoryTick t = ticks.get(i);
        r.times[i] = t.getTime().toEpochMilli();
        r.prices[i] = t.getPrice();
        r.volumes[i] = t.getVolume() == null ? Double.NaN : t.getVolume();
      }
      return r;
    }
  }

  /** A symbol's waiting chunks by index, and the highest index passed on. */
  private static final class Pending {
    final TreeMap<Long, Rows> chunks = new TreeMap<>();
    long passedOn = Long.MIN_VALUE;
  }

  private final Ticks out;
  private final Map<String, Pending> symbols = new HashMap<>();
  private long records;
  private long chunksPassedOn;
  private long lateChunks;

  public HistoryAssembler(Ticks out) {
    this.out = out;
  }

  /** Takes one record of the history topic; a null value (a tombstone) deletes the chunk if it still waits. */
  public void accept(String key, HistoryChunk chunk) {
    records++;
    if (chunk == null) {
      if (key != null) {
        int hash = key.lastIndexOf('#');
        if (hash > 0) {
          Pending p = symbols.get(key.substring(0, hash));
          if (p != null) {
            try {
              p.chunks.remove(Long.parseLong(key.substring(hash + 1)));
            } catch (NumberFormatException ignored) {
              // not one of ours: nothing to delete
            }
          }
        }
      }
      return;
    }
    String symbol = chunk.getSymbol();
    Pending p = symbols.computeIfAbsent(symbol, s -> new Pending());
    long index = chunk.getChunkIndex();
    if (index <= p.passedOn) {
      lateChunks++;
      return;
    }
    p.chunks.put(index, Rows.of(chunk));
    while (p.chunks.size() > REORDER_DEPTH) {
      passOn(symbol, p);
    }
  }

  /** Passes on every chunk that still waits; call once the scan has ended. */
  public void finish() {
    symbols.forEach((symbol, p) -> {
      while (!p.chunks.isEmpty()) {
        passOn(symbol, p);
      }
    });
  }

  private void passOn(String symbol, Pending p) {
    Map.Entry<Long, Rows> first = p.chunks.pollFirstEntry();
    p.passedOn = first.getKey();
    Rows c = first.getValue();
    for (int i = 0; i < c.times().length; i++) {
      out.tick(symbol, c.times()[i], c.prices()[i], c.volumes()[i]);
    }
    chunksPassedOn++;
  }

  /** Records taken so far, tombstones included. */
  public long records() {
    return records;
  }

  /** Distinct chunks passed on so far. */
  public long chunksPassedOn() {
    return chunksPassedOn;
  }

  /** Chunks dropped because a later chunk of their symbol had already been passed on. */
  public long lateChunks() {
    return lateChunks;
  }

  /** Ticks of the chunks that wait: at most {@link #REORDER_DEPTH} chunks per symbol, whatever was read. */
  long retainedTicks() {
    return symbols.values().stream().flatMap(p -> p.chunks.values().stream()).mapToLong(r -> r.times().length).sum();
  }
}

package io.tickcast.train;

import io.tickcast.schema.HistoryChunk;
import io.tickcast.schema.HistoryTick;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds each symbol's ticks from history chunks read in offset order.
 *
 * <p>The history topic is compacted on the key {@code symbol#chunkIndex}, but the uncompacted tail
 * may still hold several copies of a chunk (a chunk re-sent after a failure): the copy read last
 * wins, as compaction would decide. Chunks are then ordered by chunk index per symbol, and a tick
 * not after the previous kept tick is dropped (a re-sent chunk may overlap its neighbour), so every
 * history is strictly increasing in time, as the stream requires.
 *
 * <p>Each chunk is kept as three primitive arrays (24 bytes a tick), not as the Avro record it was
 * read as (an object per tick, with an {@code Instant} and a boxed volume).
 */
public final class HistoryAssembler {
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

  /** symbol → chunkIndex → the latest copy of the chunk. */
  private final Map<String, TreeMap<Long, Rows>> chunks = new HashMap<>();
  private long records;

  /** Takes one record of the history topic; a null value (a tombstone) deletes the chunk. */
  public void accept(String key, HistoryChunk chunk) {
    records++;
    if (chunk == null) {
      if (key != null) {
        int hash = key.lastIndexOf('#');
        if (hash > 0) {
          TreeMap<Long, Rows> bySymbol = chunks.get(key.substring(0, hash));
          if (bySymbol != null) {
            try {
              bySymbol.remove(Long.parseLong(key.substring(hash + 1)));
            } catch (NumberFormatException ignored) {
              // not one of ours: nothing to delete
            }
          }
        }
      }
      return;
    }
    chunks.computeIfAbsent(chunk.getSymbol(), s -> new TreeMap<>()).put(chunk.getChunkIndex(), Rows.of(chunk));
  }

  /** Records taken so far, tombstones included. */
  public long records() {
    return records;
  }

  /** Distinct chunks held. */
  public int chunkCount() {
    return chunks.values().stream().mapToInt(Map::size).sum();
  }

  /** Each symbol's ticks, in chunk order, strictly increasing in time; symbols sorted by name. */
  public List<SymbolHistory> histories() {
    List<SymbolHistory> out = new ArrayList<>();
    for (var e : chunks.entrySet()) {
      int expected = e.getValue().values().stream().mapToInt(c -> c.times().length).sum();
      SymbolHistory.Builder b = new SymbolHistory.Builder(e.getKey(), expected);
      for (Rows c : e.getValue().values()) {
        for (int i = 0; i < c.times().length; i++) {
          b.add(c.times()[i], c.prices()[i], c.volumes()[i]);
        }
      }
      if (b.size() > 0) {
        out.add(b.build());
      }
    }
    out.sort(Comparator.comparing(SymbolHistory::symbol));
    return out;
  }
}

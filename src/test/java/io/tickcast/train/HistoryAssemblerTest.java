package io.tickcast.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.schema.HistoryChunk;
import io.tickcast.schema.HistoryTick;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryAssemblerTest {
  private static HistoryChunk chunk(String symbol, long index, long... timesAndPrices) {
    List<HistoryTick> ticks = new ArrayList<>();
    for (int i = 0; i < timesAndPrices.length; i += 2) {
      ticks.add(new HistoryTick(Instant.ofEpochMilli(timesAndPrices[i]), (double) timesAndPrices[i + 1], null));
    }
    return new HistoryChunk(symbol, index, ticks.get(0).getTime(), ticks.get(ticks.size() - 1).getTime(), ticks);
  }

  private static void accept(HistoryAssembler a, HistoryChunk c) {
    a.accept(c.getSymbol() + "#" + c.getChunkIndex(), c);
  }

  /** Collects what an assembler passes on, per symbol, as whole histories (a test-sized input). */
  private static final class Collected implements HistoryAssembler.Ticks {
    final java.util.TreeMap<String, SymbolHistory.Builder> bySymbol = new java.util.TreeMap<>();

    @Override
    public void tick(String symbol, long time, double price, double volume) {
      bySymbol.computeIfAbsent(symbol, s -> new SymbolHistory.Builder(s, 16)).add(time, price, volume);
    }

    List<SymbolHistory> histories(HistoryAssembler a) {
      a.finish();
      return bySymbol.values().stream().map(SymbolHistory.Builder::build).toList();
    }
  }

  @Test
  void ordersChunksByIndexNotByArrival() {
    Collected out = new Collected();
    HistoryAssembler a = new HistoryAssembler(out);
    accept(a, chunk("B", 1, 30, 3, 40, 4));
    accept(a, chunk("A", 0, 5, 1));
    accept(a, chunk("B", 0, 10, 1, 20, 2));
    List<SymbolHistory> h = out.histories(a);
    assertThat(h).extracting(SymbolHistory::symbol).containsExactly("A", "B");
    assertThat(h.get(1).times()).containsExactly(10, 20, 30, 40);
    assertThat(h.get(1).prices()).containsExactly(1, 2, 3, 4);
    assertThat(Double.isNaN(h.get(1).volumes()[0])).isTrue();
  }

  @Test
  void aResentChunkReplacesTheEarlierCopy() {
    Collected out = new Collected();
    HistoryAssembler a = new HistoryAssembler(out);
    accept(a, chunk("S", 0, 10, 1, 20, 2));
    accept(a, chunk("S", 1, 30, 999));
    accept(a, chunk("S", 1, 30, 3, 40, 4)); // re-sent after a failure, with more ticks
    assertThat(a.records()).isEqualTo(3);
    assertThat(out.histories(a).get(0).prices()).containsExactly(1, 2, 3, 4);
    assertThat(a.chunksPassedOn()).isEqualTo(2);
  }

  @Test
  void dropsTicksBeforeThePreviousOneAndKeepsTicksAtTheSameTimeInOrder() {
    Collected out = new Collected();
    HistoryAssembler a = new HistoryAssembler(out);
    accept(a, chunk("S", 0, 10, 1, 20, 2, 30, 3));
    accept(a, chunk("S", 1, 30, 7, 25, 8, 40, 4, 40, 4)); // same time as the last: kept, as the stream keeps it
    SymbolHistory h = out.histories(a).get(0);
    assertThat(h.times()).containsExactly(10, 20, 30, 30, 40, 40);
    assertThat(h.prices()).containsExactly(1, 2, 3, 7, 4, 4);
  }

  @Test
  void aTombstoneDeletesItsChunk() {
    Collected out = new Collected();
    HistoryAssembler a = new HistoryAssembler(out);
    accept(a, chunk("S", 0, 10, 1));
    accept(a, chunk("S", 1, 20, 2));
    a.accept("S#0", null);
    assertThat(out.histories(a).get(0).times()).containsExactly(20);
  }

  @Test
  void holdsAtMostTheReorderDepthOfChunksPerSymbolWhateverItReads() {
    long[] passed = new long[1];
    HistoryAssembler a = new HistoryAssembler((symbol, time, price, volume) -> passed[0]++);
    long maxRetained = 0;
    for (long c = 0; c < 5_000; c++) {
      for (String symbol : List.of("A", "B", "C")) {
        long[] ticks = new long[2 * 8];
        for (int i = 0; i < 8; i++) {
          ticks[2 * i] = c * 8 + i;
          ticks[2 * i + 1] = 100;
        }
        accept(a, chunk(symbol, c, ticks));
      }
      maxRetained = Math.max(maxRetained, a.retainedTicks());
    }
    assertThat(maxRetained).isEqualTo(3L * HistoryAssembler.REORDER_DEPTH * 8);
    a.finish();
    assertThat(a.retainedTicks()).isZero();
    assertThat(passed[0]).isEqualTo(3L * 5_000 * 8);
  }

  @Test
  void aChunkArrivingAfterTheReorderDepthOfLaterOnesIsDroppedAndCounted() {
    Collected out = new Collected();
    HistoryAssembler a = new HistoryAssembler(out);
    accept(a, chunk("S", 1, 20, 2));
    accept(a, chunk("S", 2, 30, 3));
    accept(a, chunk("S", 3, 40, 4)); // passes chunk 1 on
    accept(a, chunk("S", 0, 10, 1)); // too late
    assertThat(a.lateChunks()).isEqualTo(1);
    assertThat(out.histories(a).get(0).times()).containsExactly(20, 30, 40);
  }
}

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

  @Test
  void ordersChunksByIndexNotByArrival() {
    HistoryAssembler a = new HistoryAssembler();
    accept(a, chunk("B", 1, 30, 3, 40, 4));
    accept(a, chunk("A", 0, 5, 1));
    accept(a, chunk("B", 0, 10, 1, 20, 2));
    List<SymbolHistory> h = a.histories();
    assertThat(h).extracting(SymbolHistory::symbol).containsExactly("A", "B");
    assertThat(h.get(1).times()).containsExactly(10, 20, 30, 40);
    assertThat(h.get(1).prices()).containsExactly(1, 2, 3, 4);
    assertThat(Double.isNaN(h.get(1).volumes()[0])).isTrue();
  }

  @Test
  void aResentChunkReplacesTheEarlierCopy() {
    HistoryAssembler a = new HistoryAssembler();
    accept(a, chunk("S", 0, 10, 1, 20, 2));
    accept(a, chunk("S", 1, 30, 999));
    accept(a, chunk("S", 1, 30, 3, 40, 4)); // re-sent after a failure, with more ticks
    assertThat(a.chunkCount()).isEqualTo(2);
    assertThat(a.records()).isEqualTo(3);
    assertThat(a.histories().get(0).prices()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void dropsTicksBeforeThePreviousOneAndKeepsTicksAtTheSameTimeInOrder() {
    HistoryAssembler a = new HistoryAssembler();
    accept(a, chunk("S", 0, 10, 1, 20, 2, 30, 3));
    accept(a, chunk("S", 1, 30, 7, 25, 8, 40, 4, 40, 4)); // same time as the last: kept, as the stream keeps it
    SymbolHistory h = a.histories().get(0);
    assertThat(h.times()).containsExactly(10, 20, 30, 30, 40, 40);
    assertThat(h.prices()).containsExactly(1, 2, 3, 7, 4, 4);
  }

  @Test
  void aTombstoneDeletesItsChunk() {
    HistoryAssembler a = new HistoryAssembler();
    accept(a, chunk("S", 0, 10, 1));
    accept(a, chunk("S", 1, 20, 2));
    a.accept("S#0", null);
    assertThat(a.histories().get(0).times()).containsExactly(20);
  }
}

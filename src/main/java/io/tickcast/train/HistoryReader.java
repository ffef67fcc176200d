package io.tickcast.train;

import io.tickcast.config.TickcastConfig;
import io.tickcast.config.TypedTopic;
import io.tickcast.schema.HistoryChunk;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the compacted tick-history topic to its end offsets, from the beginning or from the start of
 * the time window {@code train.history.window.ms} (chunks are stamped with their last tick's event
 * time), and rebuilds each symbol's ticks.
 */
public final class HistoryReader {
  private final TickcastConfig config;
  private final TypedTopic<String, HistoryChunk> topic;
  private final Duration timeout;

  public HistoryReader(TickcastConfig config, TypedTopic<String, HistoryChunk> topic, Duration timeout) {
    this.config = config;
    this.topic = topic;
    this.timeout = timeout;
  }

  /**
   * A snapshot of the history.
   *
   * @param records records read, copies and tombstones included
   * @param endOffsetSum the sum of the end offsets read to: the schedule counts new chunks from it
   */
  public record Snapshot(List<SymbolHistory> histories, long records, int chunks, long endOffsetSum) {
    /** Event time of the newest tick, or Long.MIN_VALUE for an empty history. */
    public long newestTime() {
      return histories.stream().mapToLong(SymbolHistory::lastTime).max().orElse(Long.MIN_VALUE);
    }
  }

  public Snapshot read() {
    HistoryAssembler assembler = new HistoryAssembler();
    try (KafkaConsumer<String, HistoryChunk> consumer = KafkaClients.reader(config,
        topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      long window = config.getLong(TickcastConfig.TRAIN_HISTORY_WINDOW_MS);
      long from = window < 0 ? -1 : Math.max(0, System.currentTimeMillis() - window);
      long end = TopicScan.scan(consumer, topic.name(), from, timeout, assembler::accept);
      return new Snapshot(assembler.histories(), assembler.records(), assembler.chunkCount(), end);
    }
  }
}

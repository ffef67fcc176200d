package io.tickcast.train;

import io.tickcast.config.TickcastConfig;
import io.tickcast.config.TypedTopic;
import io.tickcast.schema.HistoryChunk;
import java.time.Duration;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the compacted tick-history topic to its end offsets, from the beginning or from the start of
 * the time window {@code train.history.window.ms} (chunks are stamped with their last tick's event
 * time), and streams each symbol's ticks into a {@link TrainingSampler}: the records of all
 * partitions merged by timestamp ({@link TopicScan#scanInTimeOrder}), so that each symbol's chunks
 * arrive in order whatever partition their keys hash to, then through a {@link HistoryAssembler}.
 * Nothing of the history is held but a few chunks per symbol and what the sampler keeps.
 *
 * <p>The held-out slice: every symbol's ticks at or after the cut time {@code newest −
 * validationFraction · (newest − oldest)}, where oldest is the first tick of the first chunk read
 * (the merge reads the oldest chunk first) and newest the last tick of the newest chunk among the
 * partitions' last chunks (peeked at before the scan), so about {@code validationFraction} of the
 * event-time span read is held out, the most recent part of every symbol. A symbol whose ticks all
 * precede the cut is training only; one whose ticks all follow it is held out only.
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
   * What a read saw.
   *
   * @param records records read, copies and tombstones included
   * @param chunks distinct chunks streamed into the sampler
   * @param lateChunks chunks dropped because a later chunk of their symbol had been streamed already
   * @param endOffsetSum the sum of the end offsets read to: the schedule counts new chunks from it
   * @param newestTime event time of the newest tick, or Long.MIN_VALUE for an empty history
   */
  public record Snapshot(long records, long chunks, long lateChunks, long endOffsetSum, long newestTime) {}

  /** The time from which the most recent {@code validationFraction} of [oldest, newest] is held out. */
  static long cutTime(long oldest, long newest, double validationFraction) {
    if (newest <= oldest) {
      return oldest;
    }
    return newest - (long) Math.floor((newest - oldest) * validationFraction);
  }

  /** Streams the history into {@code sampler} (which must not have been fed yet); {@link TrainingSampler#build} is the caller's. */
  Snapshot read(TrainingSampler sampler, double validationFraction) {
    HistoryAssembler assembler = new HistoryAssembler(sampler::tick);
    try (KafkaConsumer<String, HistoryChunk> consumer = KafkaClients.reader(config,
        topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      long window = config.getLong(TickcastConfig.TRAIN_HISTORY_WINDOW_MS);
      long from = window < 0 ? -1 : Math.max(0, System.currentTimeMillis() - window);
      long[] newest = {Long.MIN_VALUE};
      boolean[] cut = {false};
      long end = TopicScan.scanInTimeOrder(consumer, topic.name(), from, timeout,
          new TopicScan.TimeOrderedSink<>() {
            @Override
            public void tail(String key, HistoryChunk value) {
              if (value != null) {
                newest[0] = Math.max(newest[0], value.getLastTime().toEpochMilli());
              }
            }

            @Override
            public void accept(String key, HistoryChunk value) {
              if (!cut[0] && value != null) {
                sampler.holdOutFrom(cutTime(value.getFirstTime().toEpochMilli(), newest[0], validationFraction));
                cut[0] = true;
              }
              assembler.accept(key, value);
            }
          });
      assembler.finish();
      return new Snapshot(assembler.records(), assembler.chunksPassedOn(), assembler.lateChunks(), end,
          sampler.newestTime());
    }
  }
}

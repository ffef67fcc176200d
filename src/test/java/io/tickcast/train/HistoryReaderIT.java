package io.tickcast.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.config.Registries;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.TopicSetup;
import io.tickcast.config.Topics;
import io.tickcast.schema.HistoryChunk;
import io.tickcast.schema.HistoryTick;
import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.SharedRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The history reader on the real broker: chunks whose keys ({@code symbol#chunkIndex}) hash to both
 * partitions reach the sampler in each symbol's order, and the held-out cut is the most recent
 * validation fraction of the time span read.
 */
class HistoryReaderIT {
  /** An hour ago, to the second: within the history topic's retention, which deletes older records. */
  private static final long BASE = (System.currentTimeMillis() - 3_600_000L) / 1000 * 1000;
  private static final int SYMBOLS = 6;
  private static final int CHUNKS = 60;
  private static final int CHUNK = 20;

  @Test
  void chunksSpreadOverPartitionsArriveInEachSymbolsOrderAndTheLastFifthIsHeldOut() throws Exception {
    TickcastConfig config = TickcastConfig.of(KafkaTestConfig.props("reader"));
    Topics topics = Topics.create(config, SharedRegistry.client());
    Registries.prepareSubjects(SharedRegistry.client(), topics);
    try (Admin admin = SharedKafka.admin()) {
      TopicSetup.ensure(admin, TopicSetup.specs(config), true);
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, HistoryChunk> producer = new KafkaProducer<>(p, topics.history().keySerde().serializer(),
        topics.history().valueSerde().serializer())) {
      // as the stream writes them: chunk c of every symbol, then chunk c + 1, stamped with their last tick's time
      for (int c = 0; c < CHUNKS; c++) {
        for (int s = 0; s < SYMBOLS; s++) {
          List<HistoryTick> ticks = new ArrayList<>();
          for (int i = 0; i < CHUNK; i++) {
            long tick = (long) c * CHUNK + i;
            ticks.add(new HistoryTick(Instant.ofEpochMilli(BASE + tick * 1000), 100 * Math.exp(0.001 * Math.sin(tick * (s + 1.3))),
                null));
          }
          Instant last = ticks.get(CHUNK - 1).getTime();
          producer.send(new ProducerRecord<>(topics.history().name(), null, last.toEpochMilli(),
              Topics.historyKey("S" + s, c), new HistoryChunk("S" + s, (long) c, ticks.get(0).getTime(), last, ticks)));
        }
      }
      producer.flush();
    }
    TrainerSettings settings = TrainerSettings.from(config);
    TrainingSampler sampler = new TrainingSampler(settings.features(), settings.featureSettings(),
        io.tickcast.forecast.Horizons.NEXT_TICK, settings.shape());
    HistoryReader.Snapshot snapshot = new HistoryReader(config, topics.history(), Duration.ofMinutes(1))
        .read(sampler, 0.2);
    assertThat(snapshot.records()).isEqualTo((long) SYMBOLS * CHUNKS);
    assertThat(snapshot.lateChunks()).as("chunks that came after later chunks of their symbol").isZero();
    assertThat(snapshot.chunks()).isEqualTo((long) SYMBOLS * CHUNKS);
    long ticks = (long) CHUNKS * CHUNK;
    assertThat(snapshot.newestTime()).isEqualTo(BASE + (ticks - 1) * 1000);
    TrainingData data = sampler.build();
    assertThat(data.symbols()).isEqualTo(SYMBOLS);
    // cut at newest − 0.2 · span = tick 959.2: ticks 960 on are held out, i.e. the steps (step s is
    // tick s + 1) from 959 to the last scorable one, 1197 (the last step, 1198, has no target): 239 per symbol
    assertThat(data.validationTerms()).isEqualTo(SYMBOLS * 239L);
  }
}

package io.tickcast.train;

import io.tickcast.config.TickcastConfig;
import io.tickcast.testsupport.IsolatedSettings;
import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.SharedRegistry;
import java.util.HashMap;
import java.util.Map;

/** Settings of a test instance: its own topics and ids on the shared broker and registry, and a small, quick model. */
public final class KafkaTestConfig {
  private KafkaTestConfig() {}

  public static Map<String, Object> props(String prefix) {
    Map<String, Object> p = new HashMap<>(
        IsolatedSettings.forRun(SharedKafka.unique(prefix), SharedKafka.bootstrapServers(), SharedRegistry.url()));
    p.put(TickcastConfig.TOPIC_PARTITIONS, 2);
    p.put(TickcastConfig.TRAIN_HIDDEN, 16);
    p.put(TickcastConfig.TRAIN_SEQUENCE_LENGTH, 32);
    p.put(TickcastConfig.TRAIN_BURN_IN, 12);
    p.put(TickcastConfig.TRAIN_BATCH_SIZE, 32);
    p.put(TickcastConfig.TRAIN_LEARNING_RATE, 0.01);
    p.put(TickcastConfig.TRAIN_MAX_EPOCHS, 60);
    p.put(TickcastConfig.TRAIN_PATIENCE, 5);
    p.put(TickcastConfig.TRAIN_SEED, 3);
    return p;
  }
}

package io.tickcast.train;

import io.tickcast.config.TickcastConfig;
import io.tickcast.config.TypedTopic;
import io.tickcast.schema.ModelRelease;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads the models topic to its end: the newest committed release of a model name. */
public final class ReleaseLog {
  private final TickcastConfig config;
  private final TypedTopic<String, ModelRelease> topic;
  private final Duration timeout;

  public ReleaseLog(TickcastConfig config, TypedTopic<String, ModelRelease> topic, Duration timeout) {
    this.config = config;
    this.topic = topic;
    this.timeout = timeout;
  }

  /**
   * The release of {@code modelName} with the highest version (the uncompacted tail may still hold
   * older ones), or empty when none was ever published.
   */
  public Optional<ModelRelease> latest(String modelName) {
    AtomicReference<ModelRelease> best = new AtomicReference<>();
    try (KafkaConsumer<String, ModelRelease> consumer = KafkaClients.reader(config,
        topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      TopicScan.scan(consumer, topic.name(), timeout, (key, release) -> {
        if (release != null && modelName.equals(key) && modelName.equals(release.getModelName())
            && (best.get() == null || release.getVersion() > best.get().getVersion())) {
          best.set(release);
        }
      });
    }
    return Optional.ofNullable(best.get());
  }
}

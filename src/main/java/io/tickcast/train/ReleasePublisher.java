package io.tickcast.train;

import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.TypedTopic;
import io.tickcast.schema.ModelRelease;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a release to the compacted models topic as a compare-and-set on the current version.
 *
 * <p>Every publisher of a model name uses the same transactional id, {@code
 * <application.id>-models-<model name>}. A publish first calls {@code initTransactions}, which fences
 * any other producer with that id and aborts its open transaction; then reads the topic to its end
 * (read_committed), so every release committed before is seen; checks that the newest version is
 * still the champion the release was trained against; and commits the release as that version + 1.
 * A second publisher that starts in between fences this one, whose commit then fails. So versions
 * increase by one per release, and two trainers that trained against the same champion release
 * once: the second finds the champion changed.
 */
public final class ReleasePublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ReleasePublisher.class);

  private final TickcastConfig config;
  private final TypedTopic<String, ModelRelease> topic;
  private final ReleaseLog log;

  public ReleasePublisher(TickcastConfig config, TypedTopic<String, ModelRelease> topic, Duration timeout) {
    this.config = config;
    this.topic = topic;
    this.log = new ReleaseLog(config, topic, timeout);
  }

  /** What became of a publish. */
  public enum Status {
    /** Committed as {@link Result#version()}. */
    PUBLISHED,
    /** The newest release is no longer the expected champion: someone released meanwhile. */
    CHAMPION_CHANGED,
    /** Another publisher with the same transactional id started meanwhile. */
    FENCED
  }

  public record Result(Status status, int version, int currentVersion) {}

  /** Any current version: for imports, which replace whatever is there. */
  public static final int ANY_VERSION = -1;

  /**
   * Publishes {@code draft} as the version after the current one.
   *
   * @param expectedCurrentVersion the version the release was trained against (0 when there was
   *     none), or {@link #ANY_VERSION}
   */
  public Result publish(ModelRelease.Builder draft, int expectedCurrentVersion) {
    String name = draft.getModelName();
    Map<String, Object> fixed = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(config, name),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, ModelRelease> producer = KafkaClientFactory.of(config).producer(
        Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024), fixed, topic.keySerde().serializer(),
        topic.valueSerde().serializer())) {
      producer.initTransactions();
      int current = log.latest(name).map(ModelRelease::getVersion).orElse(0);
      if (expectedCurrentVersion != ANY_VERSION && current != expectedCurrentVersion) {
        LOG.info("not publishing {}: trained against v{} but v{} is current", name, expectedCurrentVersion, current);
        return new Result(Status.CHAMPION_CHANGED, 0, current);
      }
      int version = current + 1;
      ModelRelease release = draft.setVersion(version).build();
      try {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic.name(), name, release)).get();
        producer.commitTransaction();
      } catch (ProducerFencedException | InvalidProducerEpochException e) {
        LOG.info("not publishing {} v{}: another publisher took over ({})", name, version, e.getMessage());
        return new Result(Status.FENCED, 0, current);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof ProducerFencedException || e.getCause() instanceof InvalidProducerEpochException) {
          return new Result(Status.FENCED, 0, current);
        }
        producer.abortTransaction();
        throw new KafkaException("cannot publish " + name + " v" + version + ": " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted while publishing", e);
      }
      LOG.info("published {} v{}", name, version);
      return new Result(Status.PUBLISHED, version, current);
    }
  }

  /** The transactional id all publishers of a model share, so each fences the others. */
  public static String transactionalId(TickcastConfig config, String modelName) {
    return config.getString(TickcastConfig.APPLICATION_ID) + "-models-" + modelName;
  }
}

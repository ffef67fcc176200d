package io.tickcast.feed;

import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.TypedTopic;
import io.tickcast.schema.Tick;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Produces ticks to the ticks topic, keyed by symbol, checking every send.
 *
 * <p>Right after a topic is created the first sends can be lost (KAFKA-15591: NOT_LEADER_OR_FOLLOWER
 * then OUT_OF_ORDER_SEQUENCE), so sends are made one at a time, each acknowledged and retried until
 * it is, until every partition has acknowledged one; only then do bulk sends start. The first failed send makes
 * {@link #flush()} throw.
 */
public final class TickProducer implements AutoCloseable {
  private final KafkaProducer<String, Tick> producer;
  private final TypedTopic<String, Tick> topic;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final AtomicLong acknowledged = new AtomicLong();
  private final java.util.Set<Integer> readyPartitions = new java.util.HashSet<>();
  private int partitionCount = -1;
  /**
   * A feed with few keys may never write to some partitions; after this many acknowledged sends
   * that found no new partition, the sends go asynchronous anyway (a partition first written later
   * is written by the idempotent producer's retries).
   */
  private static final int MAX_SYNC_SENDS_WITHOUT_NEW_PARTITION = 64;
  private int syncSendsWithoutNewPartition;

  /** A producer made by {@code clients}: its settings (security included) and the feed's own. */
  public TickProducer(KafkaClientFactory clients, TypedTopic<String, Tick> topic) {
    this.topic = topic;
    Map<String, Object> defaults = Map.of(ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // every send is checked and retried: only an idempotent producer with acks=all keeps that exact
    Map<String, Object> fixed = Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer = clients.producer(defaults, fixed, topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  public void send(RawTick t) {
    send(t.symbol(), t.toAvro());
  }

  public void send(String key, Tick tick) {
    Exception f = failure.get();
    if (f != null) {
      throw new KafkaException("an earlier send failed: " + f.getMessage(), f);
    }
    ProducerRecord<String, Tick> record = new ProducerRecord<>(topic.name(), key, tick);
    if (readyPartitions.size() < partitionCount() && syncSendsWithoutNewPartition < MAX_SYNC_SENDS_WITHOUT_NEW_PARTITION) {
      int before = readyPartitions.size();
      sendAcknowledged(record);
      syncSendsWithoutNewPartition = readyPartitions.size() > before ? 0 : syncSendsWithoutNewPartition + 1;
      return;
    }
    producer.send(record, (meta, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e);
      } else {
        acknowledged.incrementAndGet();
      }
    });
  }

  private int partitionCount() {
    if (partitionCount < 0) {
      partitionCount = producer.partitionsFor(topic.name()).size();
    }
    return partitionCount;
  }

  /**
   * Sends one record and waits for it, retrying for up to a minute. A retry after a send that did
   * land makes a duplicate tick, which the forecaster drops as an exact duplicate.
   */
  private void sendAcknowledged(ProducerRecord<String, Tick> record) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        RecordMetadata meta = producer.send(record).get(15, TimeUnit.SECONDS);
        readyPartitions.add(meta.partition());
        acknowledged.incrementAndGet();
        return;
      } catch (ExecutionException | TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new KafkaException("no partition of " + topic.name() + " acknowledged a first send within 60 s", e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted while sending", e);
      }
    }
  }

  /** Waits for every send so far and throws if any failed. */
  public void flush() {
    producer.flush();
    Exception f = failure.get();
    if (f != null) {
      throw new KafkaException("send failed: " + f.getMessage(), f);
    }
  }

  public long acknowledged() {
    return acknowledged.get();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}

package io.tickcast.bench;

import io.tickcast.config.TypedTopic;
import io.tickcast.schema.Tick;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * End-to-end latency of a running forecaster: ticks are produced at a fixed rate, each carrying its
 * send time ({@link System#nanoTime()}, this JVM) in a header that Kafka Streams copies to the
 * prediction; a read_committed consumer in this JVM takes the difference when the prediction arrives.
 *
 * <p>"Produced" is the call to {@code send} of a producer with {@code acks=all} and the given
 * {@code linger.ms} (0 by default: the time a batching feed holds a tick is part of its latency);
 * "visible" is the consumer's poll returning the prediction. Ticks sent in the warm-up are not counted.
 */
final class LatencyProbe {
  static final String SENT_HEADER = "tickcast-bench-sent-nanos";

  /** Latency percentiles of one probe, in nanoseconds. */
  record Result(double offeredPerSecond, double sentPerSecond, long counted, long p50, long p99, long p999, long max,
      long unanswered) {}

  private final String bootstrapServers;
  private final int lingerMillis;

  /** @param lingerMillis the probe producer's {@code linger.ms}, 0 to send each tick at once */
  LatencyProbe(String bootstrapServers, int lingerMillis) {
    this.bootstrapServers = bootstrapServers;
    this.lingerMillis = lingerMillis;
  }

  Result measure(TypedTopic<String, Tick> ticks, String predictionsTopic, int partitions, List<String> symbols,
      double ticksPerSecond, Duration warmup, Duration measure) throws Exception {
    long total = (long) Math.ceil(ticksPerSecond * (warmup.toNanos() + measure.toNanos()) / 1e9);
    long[] latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, total)];
    AtomicLong counted = new AtomicLong();
    AtomicLong received = new AtomicLong();
    AtomicLong countFrom = new AtomicLong(Long.MAX_VALUE);
    AtomicReference<Exception> consumerFailure = new AtomicReference<>();
    AtomicLong sent = new AtomicLong();
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicReference<Exception> sendFailure = new AtomicReference<>();

    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> parts = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        parts.add(new TopicPartition(predictionsTopic, p));
      }
      consumer.assign(parts);
      consumer.seekToEnd(parts);
      parts.forEach(consumer::position); // resolve the end now, before the first probe tick exists

      Thread reader = new Thread(() -> {
        try {
          long idleSince = 0;
          while (true) {
            var records = consumer.poll(Duration.ofMillis(50));
            long now = System.nanoTime();
            for (ConsumerRecord<byte[], byte[]> r : records) {
              Header h = r.headers().lastHeader(SENT_HEADER);
              if (h == null) {
                continue;
              }
              long sentAt = ByteBuffer.wrap(h.value()).getLong();
              received.incrementAndGet();
              if (sentAt >= countFrom.get()) {
                long i = counted.getAndIncrement();
                if (i < latencies.length) {
                  latencies[(int) i] = now - sentAt;
                }
              }
            }
            if (!producing.get() && received.get() >= sent.get()) {
              return;
            }
            if (records.isEmpty()) {
              if (idleSince == 0) {
                idleSince = now;
              } else if (now - idleSince > TimeUnit.SECONDS.toNanos(30)) {
                return; // predictions stopped coming: report what arrived, and the rest as unanswered
              }
            } else {
              idleSince = 0;
            }
          }
        } catch (Exception e) {
          consumerFailure.set(e);
        }
      }, "latency-probe-reader");
      reader.start();

      long sendNanos;
      try (KafkaProducer<String, Tick> producer = producer(ticks)) {
        sendNanos = produce(producer, ticks.name(), symbols, ticksPerSecond, total, warmup, countFrom, sent, sendFailure);
      } finally {
        producing.set(false);
      }
      reader.join(TimeUnit.SECONDS.toMillis(120));
      if (reader.isAlive()) {
        reader.interrupt();
        reader.join();
      }
      if (sendFailure.get() != null) {
        throw new IllegalStateException("a probe tick was not sent: " + sendFailure.get().getMessage(), sendFailure.get());
      }
      if (consumerFailure.get() != null) {
        throw consumerFailure.get();
      }
      int n = (int) Math.min(latencies.length, counted.get());
      if (n == 0) {
        throw new IllegalStateException("no prediction of a probe tick arrived");
      }
      Percentiles p = new Percentiles(latencies, n);
      return new Result(ticksPerSecond, sent.get() / (sendNanos / 1e9), n, p.at(0.50), p.at(0.99), p.at(0.999), p.max(),
          sent.get() - received.get());
    }
  }

  /** Sends at the given rate; returns how long sending took. */
  private static long produce(KafkaProducer<String, Tick> producer, String topic, List<String> symbols, double rate,
      long total, Duration warmup, AtomicLong countFrom, AtomicLong sent, AtomicReference<Exception> failure) {
    int n = symbols.size();
    long[] lastTime = new long[n];
    double[] price = new double[n];
    SplittableRandom rnd = new SplittableRandom(42);
    for (int i = 0; i < n; i++) {
      price[i] = 100.0;
    }
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    for (long k = 0; k < total; k++) {
      long due = start + (long) (k * 1e9 / rate);
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(Math.min(due - now, 100_000));
      }
      if (now >= measureFrom && countFrom.get() == Long.MAX_VALUE) {
        countFrom.set(now);
      }
      int s = (int) (k % n);
      // event time: the wall clock, kept strictly increasing per symbol so no tick is a duplicate
      long time = Math.max(System.currentTimeMillis(), lastTime[s] + 1);
      lastTime[s] = time;
      price[s] *= Math.exp(0.001 * (rnd.nextDouble() - 0.5));
      ProducerRecord<String, Tick> record = new ProducerRecord<>(topic, symbols.get(s),
          new Tick(symbols.get(s), Instant.ofEpochMilli(time), price[s], 100.0));
      record.headers().add(SENT_HEADER, ByteBuffer.allocate(8).putLong(System.nanoTime()).array());
      producer.send(record, (meta, e) -> {
        if (e != null) {
          failure.compareAndSet(null, e);
        }
      });
      sent.incrementAndGet();
    }
    producer.flush();
    return System.nanoTime() - start;
  }

  private KafkaProducer<String, Tick> producer(TypedTopic<String, Tick> ticks) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // 0: a latency-sensitive feed sends at once; batching still happens while requests are in flight
    p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMillis);
    return new KafkaProducer<>(p, ticks.keySerde().serializer(), ticks.valueSerde().serializer());
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}

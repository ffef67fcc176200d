package io.tickcast.bench;

import io.tickcast.config.KafkaClientFactory;
import io.tickcast.config.TypedTopic;
import io.tickcast.schema.Tick;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * End-to-end latency of a running forecaster: ticks are produced at a fixed rate, each carrying its
 * send time ({@link System#nanoTime()}, this JVM) in a header that Kafka Streams copies to the
 * prediction; a read_committed consumer in this JVM takes the difference when the prediction arrives.
 *
 * <p>"Produced" is the call to {@code send} of a producer with {@code acks=all} and the given
 * {@code linger.ms} (the time the feed holds a tick is part of its latency); "visible" is the
 * consumer's poll returning the prediction. Ticks sent in the warm-up are not counted.
 *
 * <p>The ticks are encoded (Avro, through the registry) before the clock starts, and the producer
 * sends their bytes: the feed shares the two cores with the application it measures, and encoding
 * at send time cost it 1.7 µs of CPU per tick on the sending thread alone (a profile of a probe at
 * 126,000 ticks/s), which a feed on another machine would not take from the forecaster.
 */
final class LatencyProbe {
  static final String SENT_HEADER = "tickcast-bench-sent-nanos";

  /**
   * Latency percentiles of one probe, in nanoseconds.
   *
   * @param cores CPU this JVM used while the ticks were sent (broker, application, probe), in cores; NaN if unknown
   */
  record Result(double offeredPerSecond, double sentPerSecond, long counted, long p50, long p99, long p999, long max,
      long unanswered, double cores) {}

  private final KafkaClientFactory clients;
  private final int lingerMillis;

  /** @param lingerMillis the probe producer's {@code linger.ms}, 0 to send each tick at once */
  LatencyProbe(KafkaClientFactory clients, int lingerMillis) {
    this.clients = clients;
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

      EncodedTicks encoded = EncodedTicks.of(ticks, symbols, ticksPerSecond, total);
      long sendNanos;
      long cpuBefore = CpuSettle.processCpuNanos();
      try (KafkaProducer<byte[], byte[]> producer = producer()) {
        sendNanos = produce(producer, ticks.name(), encoded, ticksPerSecond, warmup, countFrom, sent, sendFailure);
      } finally {
        producing.set(false);
      }
      long cpuAfter = CpuSettle.processCpuNanos();
      double cores = cpuBefore < 0 || cpuAfter < 0 ? Double.NaN : (cpuAfter - cpuBefore) / (double) sendNanos;
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
          sent.get() - received.get(), cores);
    }
  }

  /**
   * The probe's ticks, Avro-encoded ahead of time: tick k of symbol k mod n, its event time the
   * wall clock at the start plus its planned send time (strictly increasing per symbol, so no tick
   * is a duplicate), its price a random walk per symbol.
   */
  record EncodedTicks(byte[][] keys, byte[] values, int[] offsets) {
    int count() {
      return offsets.length - 1;
    }

    byte[] key(long k) {
      return keys[(int) (k % keys.length)];
    }

    byte[] value(long k) {
      return Arrays.copyOfRange(values, offsets[(int) k], offsets[(int) k + 1]);
    }

    static EncodedTicks of(TypedTopic<String, Tick> topic, List<String> symbols, double rate, long total) {
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("too many probe ticks: " + total);
      }
      int n = symbols.size();
      byte[][] keys = new byte[n][];
      Serializer<String> keySerializer = topic.keySerde().serializer();
      Serializer<Tick> valueSerializer = topic.valueSerde().serializer();
      for (int i = 0; i < n; i++) {
        keys[i] = keySerializer.serialize(topic.name(), symbols.get(i));
      }
      long[] lastTime = new long[n];
      double[] price = new double[n];
      Arrays.fill(price, 100.0);
      SplittableRandom rnd = new SplittableRandom(42);
      long base = System.currentTimeMillis();
      ByteArrayOutputStream values = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, total * 40));
      int[] offsets = new int[(int) total + 1];
      for (int k = 0; k < total; k++) {
        int s = k % n;
        long time = Math.max(base + (long) (k * 1000.0 / rate), lastTime[s] + 1);
        lastTime[s] = time;
        price[s] *= Math.exp(0.001 * (rnd.nextDouble() - 0.5));
        values.writeBytes(valueSerializer.serialize(topic.name(), new Tick(symbols.get(s), Instant.ofEpochMilli(time), price[s], 100.0)));
        offsets[k + 1] = values.size();
      }
      return new EncodedTicks(keys, values.toByteArray(), offsets);
    }
  }

  /** Sends at the given rate; returns how long sending took. */
  private static long produce(KafkaProducer<byte[], byte[]> producer, String topic, EncodedTicks ticks, double rate,
      Duration warmup, AtomicLong countFrom, AtomicLong sent, AtomicReference<Exception> failure) {
    long total = ticks.count();
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
      ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, ticks.key(k), ticks.value(k));
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

  private KafkaProducer<byte[], byte[]> producer() {
    return clients.producer(Map.of(), Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, lingerMillis), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    return clients.consumer(Map.of(), Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}

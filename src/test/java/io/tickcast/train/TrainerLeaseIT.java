package io.tickcast.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.config.Registries;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.TopicSetup;
import io.tickcast.config.Topics;
import io.tickcast.feed.RawTick;
import io.tickcast.feed.SyntheticMarket;
import io.tickcast.schema.HistoryChunk;
import io.tickcast.schema.HistoryTick;
import io.tickcast.schema.ModelRelease;
import io.tickcast.testsupport.SharedKafka;
import io.tickcast.testsupport.SharedRegistry;
import io.tickcast.testsupport.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Trainers on the real broker: two started together release once (the consumer-group lease lets
 * one train at a time, the second finds nothing new), and a release trained against a champion that
 * was replaced meanwhile is not published (the fenced compare-and-set).
 */
class TrainerLeaseIT {
  private static final int CHUNK = 50;

  private static Topics setUp(TickcastConfig config) throws Exception {
    Topics topics = Topics.create(config, SharedRegistry.client());
    Registries.prepareSubjects(SharedRegistry.client(), topics);
    try (Admin admin = SharedKafka.admin()) {
      TopicSetup.ensure(admin, TopicSetup.specs(config), true);
    }
    writeHistory(topics, 4, 2000);
    return topics;
  }

  /** History chunks as the stream writes them, of a learnable (lagged echo) market. */
  static void writeHistory(Topics topics, int symbols, int ticks) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, HistoryChunk> producer = new KafkaProducer<>(p, topics.history().keySerde().serializer(),
        topics.history().valueSerde().serializer())) {
      for (int s = 0; s < symbols; s++) {
        List<RawTick> series = SyntheticMarket.series("S" + s, SyntheticMarket.Kind.LAGGED_ECHO, ticks, 40 + s);
        for (int c = 0; c * CHUNK < ticks; c++) {
          List<HistoryTick> chunk = new ArrayList<>();
          for (RawTick t : series.subList(c * CHUNK, Math.min((c + 1) * CHUNK, ticks))) {
            chunk.add(new HistoryTick(Instant.ofEpochMilli(t.time()), t.price(), null));
          }
          HistoryChunk value = new HistoryChunk("S" + s, (long) c, chunk.get(0).getTime(),
              chunk.get(chunk.size() - 1).getTime(), chunk);
          producer.send(new ProducerRecord<>(topics.history().name(), Topics.historyKey("S" + s, c), value)).get();
        }
      }
    }
  }

  private static List<ConsumerRecord<String, ModelRelease>> releases(Topics topics) {
    return TopicReader.readAll(SharedKafka.bootstrapServers(), topics.models().name(),
        topics.models().keySerde().deserializer(), topics.models().valueSerde().deserializer(), Duration.ofSeconds(30));
  }

  @Test
  void twoTrainersStartedTogetherReleaseOnce() throws Exception {
    TickcastConfig config = TickcastConfig.of(KafkaTestConfig.props("lease"));
    Topics topics = setUp(config);
    CompletableFuture<Trainer.Run> a = CompletableFuture.supplyAsync(
        () -> TrainerService.runOnce(config, topics, Duration.ofMinutes(3)));
    CompletableFuture<Trainer.Run> b = CompletableFuture.supplyAsync(
        () -> TrainerService.runOnce(config, topics, Duration.ofMinutes(3)));
    List<Trainer.Status> outcomes = new ArrayList<>();
    for (Trainer.Run r : List.of(a.get(), b.get())) {
      outcomes.add(r == null ? null : r.status());
    }
    assertThat(outcomes).containsOnlyOnce(Trainer.Status.RELEASED);
    assertThat(outcomes).containsOnly(Trainer.Status.RELEASED, Trainer.Status.NO_NEW_DATA);
    List<ConsumerRecord<String, ModelRelease>> published = releases(topics);
    assertThat(published).hasSize(1);
    ModelRelease v1 = published.get(0).value();
    assertThat(published.get(0).key()).isEqualTo(v1.getModelName());
    assertThat(v1.getVersion()).isEqualTo(1);
    assertThat(v1.getOrigin()).isEqualTo("trainer");
    assertThat(v1.getParentVersion()).isNull();
    assertThat(v1.getChampionValidationMse()).isNull();
    assertThat(v1.getValidationMse()).isLessThan(v1.getNaiveValidationMse());
    assertThat(v1.getSymbols()).isEqualTo(4);
    assertThat(v1.getSeed()).isEqualTo(3L);
    assertThat(v1.getTrainingSettings()).containsEntry("hiddenSize", "16");
    assertThat(v1.getDataTo()).isAfter(v1.getDataFrom());
  }

  @Test
  void ofTwoScheduledTrainersOnlyTheLeaseHolderTrains() throws Exception {
    java.util.Map<String, Object> props = KafkaTestConfig.props("scheduled");
    props.put(TickcastConfig.TRAIN_AFTER_CHUNKS, 2);
    TickcastConfig config = TickcastConfig.of(props);
    Topics topics = setUp(config);
    java.util.Queue<Trainer.Status> runsOfA = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.Queue<Trainer.Status> runsOfB = new java.util.concurrent.ConcurrentLinkedQueue<>();
    try (TrainerService a = new TrainerService(config, topics, run -> runsOfA.add(run.status()));
        TrainerService b = new TrainerService(config, topics, run -> runsOfB.add(run.status()))) {
      a.start();
      b.start();
      awaitRuns(runsOfA, runsOfB, 1);
      assertThat(List.of(a.active(), b.active())).containsExactlyInAnyOrder(true, false);
      // two re-sent chunks reach train.after.chunks: the lease holder runs again, finds no newer tick
      writeHistory(topics, 1, 2 * CHUNK);
      awaitRuns(runsOfA, runsOfB, 2);
    }
    List<Trainer.Status> leader = new ArrayList<>(runsOfA.isEmpty() ? runsOfB : runsOfA);
    List<Trainer.Status> standby = new ArrayList<>(runsOfA.isEmpty() ? runsOfA : runsOfB);
    assertThat(standby).isEmpty();
    assertThat(leader).containsExactly(Trainer.Status.RELEASED, Trainer.Status.NO_NEW_DATA);
    assertThat(releases(topics)).hasSize(1);
  }

  @Test
  void aScheduledTrainerWhoseLeaseFailsBacksOffJoinsAgainAndReleases() throws Exception {
    java.util.Map<String, Object> props = KafkaTestConfig.props("failing");
    props.put(TickcastConfig.TRAIN_AFTER_CHUNKS, 2);
    TickcastConfig config = TickcastConfig.of(props);
    Topics topics = setUp(config);
    java.util.Queue<Trainer.Status> runs = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
    List<TrainerStatus> seenWhileRetrying = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicReference<TrainerService> self = new java.util.concurrent.atomic.AtomicReference<>();
    // the first two attempts fail as a broker restart makes them fail; the third joins for real
    TrainerService.LeaseSource flaky = () -> {
      if (opened.get() > 0) {
        seenWhileRetrying.add(self.get().status());
      }
      if (opened.incrementAndGet() <= 2) {
        throw new org.apache.kafka.common.errors.TimeoutException("Timeout expired while fetching topic metadata");
      }
      return new TrainerLease(config, topics.models().name());
    };
    TrainingRunListener listener = new TrainingRunListener() {
      @Override
      public void finished(Trainer.Run run, Duration took) {
        runs.add(run.status());
      }
    };
    try (TrainerService service = new TrainerService(config, topics, listener, flaky)) {
      self.set(service);
      assertThat(service.status().state()).isEqualTo(TrainerStatus.State.STARTING);
      service.start();
      awaitRuns(runs, new java.util.ArrayDeque<>(), 1);
      assertThat(opened.get()).isEqualTo(3);
      assertThat(seenWhileRetrying).allSatisfy(st -> {
        assertThat(st.state()).isEqualTo(TrainerStatus.State.FAILING);
        assertThat(st.lastError()).isEqualTo("TimeoutException");
        assertThat(st.lastErrorAt()).isNotNull();
      });
      TrainerStatus after = service.status();
      assertThat(after.state()).isEqualTo(TrainerStatus.State.ACTIVE);
      assertThat(after.lastSuccessAt()).isAfter(after.lastErrorAt());
    }
    assertThat(runs).containsExactly(Trainer.Status.RELEASED);
    assertThat(releases(topics)).hasSize(1);
  }

  private static void awaitRuns(java.util.Queue<?> a, java.util.Queue<?> b, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (a.size() + b.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(a.size() + b.size()).isEqualTo(n);
  }

  @Test
  void aReleaseTrainedAgainstAReplacedChampionIsNotPublished() throws Exception {
    TickcastConfig config = TickcastConfig.of(KafkaTestConfig.props("cas"));
    Topics topics = setUp(config);
    assertThat(TrainerService.runOnce(config, topics, Duration.ofMinutes(1)).status()).isEqualTo(Trainer.Status.RELEASED);
    ModelRelease v1 = releases(topics).get(0).value();
    ReleasePublisher publisher = new ReleasePublisher(config, topics.models(), Duration.ofSeconds(30));
    // trained against "no release yet", but v1 is out now
    ReleasePublisher.Result stale = publisher.publish(ModelRelease.newBuilder(v1), 0);
    assertThat(stale.status()).isEqualTo(ReleasePublisher.Status.CHAMPION_CHANGED);
    assertThat(stale.currentVersion()).isEqualTo(1);
    ReleasePublisher.Result next = publisher.publish(ModelRelease.newBuilder(v1), 1);
    assertThat(next.status()).isEqualTo(ReleasePublisher.Status.PUBLISHED);
    assertThat(next.version()).isEqualTo(2);
    assertThat(releases(topics)).extracting(r -> r.value().getVersion()).containsExactly(1, 2);
  }
}

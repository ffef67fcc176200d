package io.tickcast.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates tickcast's topics when missing (partitions, replication and cleanup policy from the
 * settings) and refuses to start when an existing topic has the wrong cleanup policy: a history or
 * models topic that is not compacted loses data, a ticks topic that is compacted loses ticks.
 */
public final class TopicSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

  /** A topic tickcast needs, with the cleanup policy it must have. */
  public record Spec(String name, int partitions, short replication, String cleanupPolicy, Map<String, String> configs) {}

  private TopicSetup() {}

  public static List<Spec> specs(TickcastConfig config) {
    int partitions = config.getInt(TickcastConfig.TOPIC_PARTITIONS);
    short rf = config.getShort(TickcastConfig.TOPIC_REPLICATION);
    long historyRetention = config.getLong(TickcastConfig.TOPIC_HISTORY_RETENTION_MS);
    Map<String, String> history = new HashMap<>();
    String historyPolicy = TopicConfig.CLEANUP_POLICY_COMPACT;
    if (historyRetention >= 0) {
      historyPolicy = TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE;
      history.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(historyRetention));
    }
    List<Spec> specs = new ArrayList<>();
    specs.add(new Spec(config.getString(TickcastConfig.TOPIC_TICKS), partitions, rf, TopicConfig.CLEANUP_POLICY_DELETE, Map.of()));
    specs.add(new Spec(config.getString(TickcastConfig.TOPIC_PREDICTIONS), partitions, rf, TopicConfig.CLEANUP_POLICY_DELETE, Map.of()));
    specs.add(new Spec(config.getString(TickcastConfig.TOPIC_HISTORY), partitions, rf, historyPolicy, history));
    specs.add(new Spec(config.getString(TickcastConfig.TOPIC_MODELS), 1, rf, TopicConfig.CLEANUP_POLICY_COMPACT, Map.of()));
    specs.add(new Spec(config.getString(TickcastConfig.TOPIC_DLQ), partitions, rf, TopicConfig.CLEANUP_POLICY_DELETE, Map.of()));
    return specs;
  }

  /**
   * Ensures the topics exist and have the right cleanup policy.
   *
   * @throws IllegalStateException naming the topic whose cleanup policy is wrong, or that is missing
   *     while creation is off
   */
  public static void ensure(Admin admin, Collection<Spec> specs, boolean create) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Spec s : specs) {
        if (!existing.contains(s.name())) {
          if (!create) {
            throw new IllegalStateException("topic '" + s.name() + "' does not exist and topics.create is false");
          }
          Map<String, String> cfg = new HashMap<>(s.configs());
          cfg.put(TopicConfig.CLEANUP_POLICY_CONFIG, s.cleanupPolicy());
          missing.add(new NewTopic(s.name(), Optional.of(s.partitions()),
              s.replication() < 0 ? Optional.empty() : Optional.of(s.replication())).configs(cfg));
        }
      }
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
          LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
          awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      checkCleanupPolicies(admin, specs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    } catch (ExecutionException | TimeoutException e) {
      // an ExecutionException carries the client's failure as its cause, a TimeoutException no message at all
      throw new IllegalStateException("cannot check or create topics: " + KafkaClientFactory.describeFailure(e), e);
    }
  }

  /**
   * Waits until every partition of the new topics answers a ListOffsets request at its leader.
   * Producing to a partition whose leader has not taken over yet can lose records even inside a
   * committed transaction (KAFKA-15591: NOT_LEADER_OR_FOLLOWER, then OUT_OF_ORDER_SEQUENCE), so the
   * streams app must not start writing before that.
   */
  static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
            d.partitions().forEach(p -> {
              if (p.leader() == null) {
                throw new LeaderNotAvailableException("no leader yet for " + name + "-" + p.partition());
              }
              request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
            }));
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | LeaderNotAvailableException e) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("partitions of " + topics + " have no ready leader after 60 s: " + e.getMessage());
        }
        Thread.sleep(200);
      }
    }
  }

  private static void checkCleanupPolicies(Admin admin, Collection<Spec> specs)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<ConfigResource> resources = specs.stream().map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name())).toList();
    Map<ConfigResource, Config> configs = describeConfigs(admin, resources);
    for (Spec s : specs) {
      Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, s.name()));
      String actual = c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
      // compacted topics may also be time-bounded; delete topics must not be compacted
      boolean needsCompact = policySet(s.cleanupPolicy()).contains(TopicConfig.CLEANUP_POLICY_COMPACT);
      boolean isCompact = policySet(actual).contains(TopicConfig.CLEANUP_POLICY_COMPACT);
      if (needsCompact != isCompact) {
        throw new IllegalStateException("topic '" + s.name() + "' has cleanup.policy=" + actual
            + " but tickcast needs cleanup.policy=" + s.cleanupPolicy());
      }
    }
  }

  /**
   * Describes the topics' configs; a topic created a moment ago may not be known to the broker that
   * answers yet (UnknownTopicOrPartition), so that answer is retried for up to 30 s.
   */
  private static Map<ConfigResource, Config> describeConfigs(Admin admin, List<ConfigResource> resources)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static Set<String> policySet(String policy) {
    Set<String> out = new java.util.TreeSet<>();
    for (String p : policy.split(",")) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    return out;
  }
}

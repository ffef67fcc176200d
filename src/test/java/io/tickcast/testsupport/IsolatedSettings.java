package io.tickcast.testsupport;

import io.tickcast.config.TickcastConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings that give one test run its own application id and topics on a shared broker and
 * registry, so runs never see each other's records, offsets or state.
 */
public final class IsolatedSettings {
  private static final List<String> TOPICS = List.of(TickcastConfig.TOPIC_TICKS, TickcastConfig.TOPIC_PREDICTIONS,
      TickcastConfig.TOPIC_HISTORY, TickcastConfig.TOPIC_MODELS, TickcastConfig.TOPIC_DLQ);

  private IsolatedSettings() {}

  /** Bootstrap servers, registry URL, application id {@code run}, and topics {@code <topic>-<run>}. */
  public static Map<String, String> forRun(String run, String bootstrapServers, String registryUrl) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(TickcastConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    s.put(TickcastConfig.REGISTRY_URL, registryUrl);
    s.put(TickcastConfig.APPLICATION_ID, run);
    for (String topic : TOPICS) {
      s.put(topic, topic.substring("topic.".length()) + "-" + run);
    }
    return s;
  }
}

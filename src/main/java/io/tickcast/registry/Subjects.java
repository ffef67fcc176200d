package io.tickcast.registry;

import java.util.Objects;

/**
 * Subject names by topic, after Confluent's default {@code TopicNameStrategy}: the value schema of
 * topic {@code t} lives under {@code t-value}, the key schema under {@code t-key}. Other clients
 * (Confluent's serializers, kcat, UIs) find our schemas there.
 */
public final class Subjects {

  private Subjects() {}

  public static String value(String topic) {
    return requireTopic(topic) + "-value";
  }

  public static String key(String topic) {
    return requireTopic(topic) + "-key";
  }

  /** {@link #key(String)} or {@link #value(String)}. */
  public static String of(String topic, boolean isKey) {
    return isKey ? key(topic) : value(topic);
  }

  private static String requireTopic(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (topic.isEmpty()) {
      throw new IllegalArgumentException("topic must not be empty");
    }
    return topic;
  }
}

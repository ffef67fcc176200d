package io.tickcast.cli;

import io.tickcast.config.Registries;
import io.tickcast.config.TickcastConfig;
import io.tickcast.config.TopicSetup;
import io.tickcast.config.Topics;
import io.tickcast.registry.SchemaRegistryClient;
import org.apache.kafka.clients.admin.Admin;

/** What a command that only uses plain clients needs: the registry's subjects prepared and the topics checked. */
final class KafkaSetup {
  private KafkaSetup() {}

  static Topics prepare(TickcastConfig config) {
    SchemaRegistryClient registry = Registries.client(config);
    Topics topics = Topics.create(config, registry);
    Registries.prepareSubjects(registry, topics);
    try (Admin admin = ForecastService.admin(config)) {
      TopicSetup.ensure(admin, TopicSetup.specs(config), config.getBoolean(TickcastConfig.TOPICS_CREATE));
    }
    return topics;
  }
}

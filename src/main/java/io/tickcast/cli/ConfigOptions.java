package io.tickcast.cli;

import io.tickcast.config.TickcastConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that talks to Kafka shares: a properties file and key=value overrides. */
public final class ConfigOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Properties file with tickcast settings (see the README); TICKCAST_* environment variables override it.")
  Path configFile;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
      description = "Overrides one setting; repeatable. Wins over the file and the environment.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT", description = "Shorthand for --set bootstrap.servers=...")
  String bootstrapServers;

  @Option(names = {"-r", "--registry-url"}, paramLabel = "URL", description = "Shorthand for --set schema.registry.url=...")
  String registryUrl;

  public TickcastConfig load() {
    return load(Map.of());
  }

  /** Loads the settings; {@code defaults} sit below the file, the environment and the overrides. */
  public TickcastConfig load(Map<String, String> defaults) {
    Map<String, Object> o = new LinkedHashMap<>(overrides);
    if (bootstrapServers != null) {
      o.put(TickcastConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    }
    if (registryUrl != null) {
      o.put(TickcastConfig.REGISTRY_URL, registryUrl);
    }
    return TickcastConfig.load(defaults, configFile, System.getenv(), o);
  }
}

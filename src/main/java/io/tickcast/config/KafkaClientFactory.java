package io.tickcast.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The one place where tickcast creates Kafka clients, so that every client (Kafka Streams and its
 * clients, the admin client, the trainer's lease, the history and models readers, the release
 * publisher, the feed producers, the model commands, the demo and the bench) connects with the same
 * settings.
 *
 * <p>What each client gets from the {@value TickcastConfig#STREAMS_PREFIX} passthrough:
 * <ul>
 *   <li>Kafka Streams: all of it, with the prefix removed (Kafka Streams hands it on to its own
 *       clients by its own rules).</li>
 *   <li>Every other client: the <em>common client keys</em>, those that the producer, the consumer
 *       and the admin client all know ({@link #COMMON_KEYS}: {@code security.protocol},
 *       {@code sasl.*}, {@code ssl.*}, {@code request.timeout.ms}, the retry and reconnect backoffs,
 *       {@code metadata.max.age.ms}, {@code client.dns.lookup}, ...), except {@code client.id};
 *       then the keys of its kind given as {@code streams.producer.*}, {@code streams.consumer.*}
 *       or {@code streams.admin.*} (Kafka Streams' own prefixes, so one key reaches Streams' and
 *       tickcast's clients of that kind alike).</li>
 * </ul>
 * Later wins: a client's tunable defaults, the common keys, the keys of its kind, then the
 * settings its correctness depends on (group ids, isolation level, transactional id, acks), which
 * the passthrough cannot change.
 *
 * <p>Secrets ({@link #isSecret}: {@code sasl.jaas.config}, {@code ssl.*.password} and every other
 * key Kafka's own config definitions type as {@link ConfigDef.Type#PASSWORD}) are held as
 * {@link Password} values, which print as {@code [hidden]}. Immutable and thread-safe.
 */
public final class KafkaClientFactory {

  /** Keys every Kafka client kind knows (producer, consumer and admin), which reach every client. */
  public static final Set<String> COMMON_KEYS = commonKeys();

  /** Kafka Streams' prefixes for one kind of client, which also reach tickcast's clients of that kind. */
  public static final String PRODUCER_PREFIX = StreamsConfig.PRODUCER_PREFIX;
  public static final String CONSUMER_PREFIX = StreamsConfig.CONSUMER_PREFIX;
  public static final String ADMIN_PREFIX = StreamsConfig.ADMIN_CLIENT_PREFIX;

  private static final List<ConfigDef> KAFKA_DEFINITIONS = List.of(ProducerConfig.configDef(),
      ConsumerConfig.configDef(), AdminClientConfig.configDef(), StreamsConfig.configDef());

  private final String bootstrapServers;
  private final Map<String, Object> passthrough;

  private KafkaClientFactory(String bootstrapServers, Map<String, Object> passthrough) {
    this.bootstrapServers = bootstrapServers;
    this.passthrough = Collections.unmodifiableMap(new LinkedHashMap<>(passthrough));
  }

  /** The clients of these settings: {@code bootstrap.servers} and the {@code streams.*} passthrough. */
  public static KafkaClientFactory of(TickcastConfig config) {
    return new KafkaClientFactory(String.join(",", config.getList(TickcastConfig.BOOTSTRAP_SERVERS)),
        config.streamsPassthrough());
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  // ---- settings ---------------------------------------------------------------------------------

  /** bootstrap.servers and the common client keys of the passthrough: what every client gets. */
  public Map<String, Object> common() {
    Map<String, Object> m = new HashMap<>();
    m.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    passthrough.forEach((k, v) -> {
      if (COMMON_KEYS.contains(k)) {
        m.put(k, v);
      }
    });
    return m;
  }

  /** A producer's settings: {@code defaults}, the common keys, {@code streams.producer.*}, then {@code fixed}. */
  public Map<String, Object> producerSettings(Map<String, ?> defaults, Map<String, ?> fixed) {
    return settings(defaults, PRODUCER_PREFIX, ProducerConfig.configNames(), fixed);
  }

  /** A consumer's settings: {@code defaults}, the common keys, {@code streams.consumer.*}, then {@code fixed}. */
  public Map<String, Object> consumerSettings(Map<String, ?> defaults, Map<String, ?> fixed) {
    return settings(defaults, CONSUMER_PREFIX, ConsumerConfig.configNames(), fixed);
  }

  /** An admin client's settings: {@code defaults}, the common keys, {@code streams.admin.*}, then {@code fixed}. */
  public Map<String, Object> adminSettings(Map<String, ?> defaults, Map<String, ?> fixed) {
    return settings(defaults, ADMIN_PREFIX, AdminClientConfig.configNames(), fixed);
  }

  /** Kafka Streams' properties: tickcast's {@code base} properties, then the whole passthrough (which wins). */
  public Properties streamsProperties(Properties base) {
    Properties p = new Properties();
    p.putAll(base);
    p.putAll(passthrough);
    return p;
  }

  private Map<String, Object> settings(Map<String, ?> defaults, String prefix, Set<String> known, Map<String, ?> fixed) {
    Map<String, Object> m = new HashMap<>(defaults);
    m.putAll(common());
    passthrough.forEach((k, v) -> {
      if (k.startsWith(prefix) && known.contains(k.substring(prefix.length()))) {
        m.put(k.substring(prefix.length()), v);
      }
    });
    m.putAll(fixed);
    return m;
  }

  // ---- clients ----------------------------------------------------------------------------------

  public <K, V> KafkaProducer<K, V> producer(Map<String, ?> defaults, Map<String, ?> fixed, Serializer<K> keys,
      Serializer<V> values) {
    Map<String, Object> s = producerSettings(defaults, fixed);
    try {
      return new KafkaProducer<>(s, keys, values);
    } catch (KafkaException e) {
      throw new KafkaException("cannot create a Kafka producer: " + describeFailure(e), e);
    }
  }

  public <K, V> KafkaConsumer<K, V> consumer(Map<String, ?> defaults, Map<String, ?> fixed, Deserializer<K> keys,
      Deserializer<V> values) {
    Map<String, Object> s = consumerSettings(defaults, fixed);
    try {
      return new KafkaConsumer<>(s, keys, values);
    } catch (KafkaException e) {
      throw new KafkaException("cannot create a Kafka consumer: " + describeFailure(e), e);
    }
  }

  /** An admin client with the common settings; its calls are bounded by the callers' own timeouts. */
  public Admin admin() {
    return admin(Map.of(), Map.of());
  }

  public Admin admin(Map<String, ?> defaults, Map<String, ?> fixed) {
    Map<String, Object> s = adminSettings(defaults, fixed);
    try {
      return Admin.create(s);
    } catch (KafkaException e) {
      throw new KafkaException("cannot create a Kafka admin client: " + describeFailure(e), e);
    }
  }

  /** Kafka Streams over {@code topology} with {@link #streamsProperties(Properties)} of {@code base}. */
  public KafkaStreams streams(Topology topology, Properties base) {
    Properties p = streamsProperties(base);
    try {
      return new KafkaStreams(topology, p);
    } catch (KafkaException e) {
      throw new KafkaException("cannot create the Kafka Streams client: " + describeFailure(e), e);
    }
  }

  // ---- secrets and failures ----------------------------------------------------------------------

  /**
   * Whether a passthrough key (without {@value TickcastConfig#STREAMS_PREFIX}, with or without a
   * client prefix such as {@code producer.}) holds a secret: Kafka's producer, consumer, admin or
   * streams definitions type it as a password, or it is a JAAS configuration or ends in
   * {@code password} (listener- and mechanism-prefixed variants).
   */
  public static boolean isSecret(String key) {
    String k = key;
    int dot;
    while (true) {
      for (ConfigDef def : KAFKA_DEFINITIONS) {
        ConfigDef.ConfigKey ck = def.configKeys().get(k);
        if (ck != null && ck.type == ConfigDef.Type.PASSWORD) {
          return true;
        }
      }
      if (k.endsWith("sasl.jaas.config") || k.endsWith("password")) {
        return true;
      }
      dot = k.indexOf('.');
      if (dot < 0) {
        return false;
      }
      k = k.substring(dot + 1); // producer.ssl.key.password, main.consumer.sasl.jaas.config, ...
    }
  }

  /** {@code value} as a {@link Password} when {@code key} is a secret, otherwise unchanged. */
  static Object typed(String key, Object value) {
    return value instanceof String s && isSecret(key) ? new Password(s) : value;
  }

  /**
   * A one-line account of why a Kafka client failed, for the user: the root cause's class and
   * message (never {@code null}), and the settings to check when the cause is a refused
   * authentication, a TLS store that cannot be opened or no answer from the brokers.
   */
  public static String describeFailure(Throwable failure) {
    Throwable root = failure;
    Throwable auth = null;
    Throwable timeout = null;
    String storeProblem = null;
    Throwable storeCause = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      root = t;
      if (auth == null && t instanceof org.apache.kafka.common.errors.AuthenticationException) {
        auth = t;
      }
      if (timeout == null && (t instanceof java.util.concurrent.TimeoutException
          || t instanceof org.apache.kafka.common.errors.TimeoutException)) {
        timeout = t;
      }
      String m = t.getMessage();
      if (storeProblem == null && m != null) {
        if (m.contains("SSL keystore")) {
          storeProblem = "keystore";
        } else if (m.contains("SSL truststore")) {
          storeProblem = "truststore";
        }
        if (storeProblem != null) {
          storeCause = t.getCause() == null ? t : t.getCause(); // e.g. "keystore password was incorrect"
        }
      }
    }
    String p = TickcastConfig.STREAMS_PREFIX;
    if (auth instanceof org.apache.kafka.common.errors.SslAuthenticationException) {
      return name(auth) + ": TLS handshake with the broker failed: check " + p + "security.protocol, " + p
          + "ssl.truststore.location and " + p + "ssl.truststore.password (the broker's CA), and " + p
          + "ssl.keystore.location, " + p + "ssl.keystore.password and " + p
          + "ssl.key.password if the broker requires client certificates";
    }
    if (auth != null) {
      return name(auth) + ": the broker refused the credentials: check " + p + "sasl.jaas.config (user and password), "
          + p + "sasl.mechanism and " + p + "security.protocol";
    }
    if (storeProblem != null) {
      return "cannot open the SSL " + storeProblem + " (" + name(storeCause) + "): check " + p + "ssl."
          + storeProblem + ".location and " + p + "ssl." + storeProblem + ".password"
          + ("keystore".equals(storeProblem) ? " (and " + p + "ssl.key.password)" : "");
    }
    if (timeout != null) {
      return name(timeout) + ": no answer from the brokers in time: check " + TickcastConfig.BOOTSTRAP_SERVERS
          + " and that " + p + "security.protocol matches the broker's listener (a client speaking another protocol"
          + " gets no answer)";
    }
    return name(root);
  }

  private static String name(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private static Set<String> commonKeys() {
    Set<String> s = new HashSet<>(ProducerConfig.configNames());
    s.retainAll(ConsumerConfig.configNames());
    s.retainAll(AdminClientConfig.configNames());
    // each kind of client would share one id (metrics and quotas would mix them): Kafka Streams derives its own
    s.remove(CommonClientConfigs.CLIENT_ID_CONFIG);
    return Collections.unmodifiableSet(s);
  }
}

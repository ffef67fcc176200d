package io.tickcast.registry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * How to reach a schema registry that speaks the Confluent Schema Registry REST API.
 *
 * <p>The URL is the base of that API: {@code http://host:8081} for Confluent's server, Karapace or
 * Redpanda, {@code http://host:8080/apis/ccompat/v7} for Apicurio. Immutable; build one with
 * {@link #of(String)} or {@link #builder(String)}.
 */
public final class RegistryConfig {

  /** Default time one HTTP request (connect included) may take. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Default total time spent retrying a request while the registry is unreachable or answers 5xx;
   * long enough to ride out a registry restart, short enough that a wrong URL fails a start-up.
   */
  public static final Duration DEFAULT_MAX_RETRY_TIME = Duration.ofSeconds(30);

  /** Property: base URL of the registry's Confluent API (one URL). Same key as Confluent's serdes. */
  public static final String URL = "schema.registry.url";
  /** Property: {@code user:password} for HTTP basic authentication. Same key as Confluent's serdes. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  /** Property: trust store file for the registry's certificate. */
  public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  /** Property: trust store password. */
  public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  /** Property: trust store type (PKCS12, JKS); default the JDK's. */
  public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  /** Property: key store file with a client certificate, for mutual TLS. */
  public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
  /** Property: key store password, also used for the key. */
  public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  /** Property: key store type (PKCS12, JKS); default the JDK's. */
  public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  /** Property: time one request may take, in milliseconds. */
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
  /** Property: total time spent retrying an unreachable registry, in milliseconds. */
  public static final String MAX_RETRY_TIME_MS = "schema.registry.max.retry.time.ms";

  private final String url;
  private final String basicAuthUser;
  private final String basicAuthPassword;
  private final KeyStoreSettings trustStore;
  private final KeyStoreSettings keyStore;
  private final Duration requestTimeout;
  private final Duration maxRetryTime;

  private RegistryConfig(Builder b) {
    this.url = b.url;
    this.basicAuthUser = b.basicAuthUser;
    this.basicAuthPassword = b.basicAuthPassword;
    this.trustStore = b.trustStore;
    this.keyStore = b.keyStore;
    this.requestTimeout = b.requestTimeout;
    this.maxRetryTime = b.maxRetryTime;
  }

  /** A configuration with only a URL: no authentication, the JDK's default trust, default timeouts. */
  public static RegistryConfig of(String url) {
    return builder(url).build();
  }

  /**
   * A configuration from properties named like Confluent's serde settings (see the constants
   * above), so an existing client configuration can be reused; other keys are ignored.
   */
  public static RegistryConfig fromProperties(Map<String, ?> props) {
    String url = text(props, URL);
    if (url == null) {
      throw new IllegalArgumentException("missing " + URL);
    }
    if (url.contains(",")) {
      throw new IllegalArgumentException(URL + " must name one registry, not a list: " + url);
    }
    Builder b = builder(url);
    String userInfo = text(props, BASIC_AUTH_USER_INFO);
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " must be user:password");
      }
      b.basicAuth(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }
    if (text(props, TRUSTSTORE_LOCATION) != null) {
      b.trustStore(Path.of(text(props, TRUSTSTORE_LOCATION)), text(props, TRUSTSTORE_PASSWORD),
          text(props, TRUSTSTORE_TYPE));
    }
    if (text(props, KEYSTORE_LOCATION) != null) {
      b.keyStore(Path.of(text(props, KEYSTORE_LOCATION)), text(props, KEYSTORE_PASSWORD),
          text(props, KEYSTORE_TYPE));
    }
    if (text(props, REQUEST_TIMEOUT_MS) != null) {
      b.requestTimeout(Duration.ofMillis(millis(props, REQUEST_TIMEOUT_MS)));
    }
    if (text(props, MAX_RETRY_TIME_MS) != null) {
      b.maxRetryTime(Duration.ofMillis(millis(props, MAX_RETRY_TIME_MS)));
    }
    return b.build();
  }

  private static String text(Map<String, ?> props, String key) {
    Object value = props.get(key);
    if (value == null) {
      return null;
    }
    String s = value instanceof Password p ? p.value() : value.toString();
    return s.isBlank() ? null : s.strip();
  }

  private static long millis(Map<String, ?> props, String key) {
    try {
      return Long.parseLong(text(props, key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number of milliseconds: " + props.get(key), e);
    }
  }

  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** A builder holding this configuration's settings, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder(url);
    b.basicAuthUser = basicAuthUser;
    b.basicAuthPassword = basicAuthPassword;
    b.trustStore = trustStore;
    b.keyStore = keyStore;
    b.requestTimeout = requestTimeout;
    b.maxRetryTime = maxRetryTime;
    return b;
  }

  /** Base URL of the Confluent API, without a trailing slash. */
  public String url() {
    return url;
  }

  public Optional<String> basicAuthUser() {
    return Optional.ofNullable(basicAuthUser);
  }

  /** The password; empty exactly when {@link #basicAuthUser()} is. */
  public Optional<String> basicAuthPassword() {
    return Optional.ofNullable(basicAuthPassword);
  }

  /** Trust store for the registry's TLS certificate; empty means the JDK's default trust. */
  public Optional<KeyStoreSettings> trustStore() {
    return Optional.ofNullable(trustStore);
  }

  /** Key store holding a client certificate, for registries that require mutual TLS. */
  public Optional<KeyStoreSettings> keyStore() {
    return Optional.ofNullable(keyStore);
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public Duration maxRetryTime() {
    return maxRetryTime;
  }

  @Override
  public String toString() {
    // Never print the password or store passwords: configurations end up in logs.
    return "RegistryConfig{url=" + url
        + (basicAuthUser != null ? ", basicAuthUser=" + basicAuthUser : "")
        + (trustStore != null ? ", trustStore=" + trustStore.path() : "")
        + (keyStore != null ? ", keyStore=" + keyStore.path() : "")
        + ", requestTimeout=" + requestTimeout + ", maxRetryTime=" + maxRetryTime + "}";
  }

  /**
   * A key or trust store file.
   *
   * @param path the file
   * @param password its password; may be null for a trust store without one
   * @param type {@code PKCS12}, {@code JKS}, ...; null means {@link java.security.KeyStore#getDefaultType()}
   */
  public record KeyStoreSettings(Path path, String password, String type) {
    public KeyStoreSettings {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
      return "KeyStoreSettings[path=" + path + ", type=" + type + "]";
    }
  }

  /** Builds a {@link RegistryConfig}. Not thread-safe. */
  public static final class Builder {
    private final String url;
    private String basicAuthUser;
    private String basicAuthPassword;
    private KeyStoreSettings trustStore;
    private KeyStoreSettings keyStore;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration maxRetryTime = DEFAULT_MAX_RETRY_TIME;

    private Builder(String url) {
      this.url = normalise(url);
    }

    /** Sends {@code Authorization: Basic ...} with every request. */
    public Builder basicAuth(String user, String password) {
      this.basicAuthUser = Objects.requireNonNull(user, "user");
      this.basicAuthPassword = Objects.requireNonNull(password, "password");
      return this;
    }

    public Builder trustStore(Path path, String password, String type) {
      this.trustStore = new KeyStoreSettings(path, password, type);
      return this;
    }

    public Builder keyStore(Path path, String password, String type) {
      this.keyStore = new KeyStoreSettings(path, password, type);
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** Zero disables retries: the first failure is reported. */
    public Builder maxRetryTime(Duration maxRetryTime) {
      Objects.requireNonNull(maxRetryTime, "maxRetryTime");
      if (maxRetryTime.isNegative()) {
        throw new IllegalArgumentException("maxRetryTime must not be negative: " + maxRetryTime);
      }
      this.maxRetryTime = maxRetryTime;
      return this;
    }

    public RegistryConfig build() {
      return new RegistryConfig(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    private static String normalise(String url) {
      Objects.requireNonNull(url, "url");
      String trimmed = url.strip();
      while (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      URI uri;
      try {
        uri = URI.create(trimmed);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a valid schema registry URL: '" + url + "'", e);
      }
      String scheme = uri.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "schema registry URL must be http://host[:port][/path] or https://...: '" + url + "'");
      }
      return trimmed;
    }
  }
}

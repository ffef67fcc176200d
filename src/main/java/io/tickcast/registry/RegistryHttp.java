package io.tickcast.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JSON over HTTP to the registry, with the retry policy: transport failures and answers that say
 * "try again" (408, 429, 5xx) are retried with exponential backoff until the configured retry time
 * is spent; any other 4xx is final and reported with the registry's error_code and message.
 */
final class RegistryHttp implements AutoCloseable {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final RegistryConfig config;
  private final ObjectMapper json;
  private final ExecutorService executor;
  private final HttpClient http;
  private final String authorization;

  RegistryHttp(RegistryConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
    // Our own daemon executor, so close() releases the client's threads and a forgotten client
    // never keeps a JVM alive.
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "schema-registry-http-" + THREAD_NUMBER.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.requestTimeout())
        .executor(executor);
    RegistryTls.sslContext(config).ifPresent(builder::sslContext);
    this.http = builder.build();
    this.authorization = config.basicAuthUser()
        .map(user -> "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + config.basicAuthPassword().orElse("")).getBytes(StandardCharsets.UTF_8)))
        .orElse(null);
  }

  /** Percent-encodes one path segment (a subject name may hold any character). */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  JsonNode get(String path) {
    return send("GET", path, null);
  }

  JsonNode post(String path, JsonNode body) {
    return send("POST", path, body);
  }

  JsonNode put(String path, JsonNode body) {
    return send("PUT", path, body);
  }

  private JsonNode send(String method, String path, JsonNode body) {
    String url = config.url() + path;
    HttpRequest request = request(method, url, body);
    long deadline = System.nanoTime() + config.maxRetryTime().toNanos();
    Duration backoff = FIRST_BACKOFF;
    int attempts = 0;
    while (true) {
      attempts++;
      Exception failure;
      String failureText;
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return parse(response.body(), method, url);
        }
        RegistryException error = errorOf(method, url, status, response.body());
        if (!isRetryable(status)) {
          throw error;
        }
        failure = error;
        failureText = error.getMessage();
      } catch (java.net.ConnectException e) {
        failure = e;
        failureText = "cannot connect (" + (e.getMessage() != null ? e.getMessage() : "connection refused or host unreachable") + ")";
      } catch (IOException e) {
        failure = e;
        failureText = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException("interrupted during " + method + " " + url,
            RegistryException.NO_RESPONSE, RegistryException.NO_ERROR_CODE, url, e);
      }
      long sleep = jittered(backoff);
      if (System.nanoTime() + sleep * 1_000_000 - deadline > 0) {
        throw giveUp(method, url, attempts, failure, failureText);
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw giveUp(method, url, attempts, failure, failureText);
      }
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }

  private HttpRequest request(String method, String url, JsonNode body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .timeout(config.requestTimeout())
        .header("Accept", ACCEPT);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", CONTENT_TYPE);
      b.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    }
    return b.build();
  }

  private static boolean isRetryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** Sleep millis: the backoff with +-20% jitter, so many clients do not retry in lock step. */
  private static long jittered(Duration backoff) {
    long ms = backoff.toMillis();
    return ms + ThreadLocalRandom.current().nextLong(-ms / 5, ms / 5 + 1);
  }

  private RegistryException giveUp(String method, String url, int attempts, Exception last, String lastText) {
    int status = last instanceof RegistryException r ? r.httpStatus() : RegistryException.NO_RESPONSE;
    int code = last instanceof RegistryException r ? r.errorCode() : RegistryException.NO_ERROR_CODE;
    String what = status == RegistryException.NO_RESPONSE ? "unreachable" : "unavailable";
    return new RegistryException(
        "schema registry " + what + " at " + url + " (" + method + "): gave up after " + attempts
            + " attempt(s) within " + config.maxRetryTime() + "; last failure: " + lastText,
        status, code, url, last);
  }

  private RegistryException errorOf(String method, String url, int status, String body) {
    int code = RegistryException.NO_ERROR_CODE;
    String message = body == null ? "" : body.strip();
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.isObject()) {
        code = node.path("error_code").asInt(RegistryException.NO_ERROR_CODE);
        if (node.hasNonNull("message")) {
          message = node.get("message").asText();
        }
      }
    } catch (IOException notJson) {
      // Proxies and some servers answer errors in plain text or HTML; keep the text as the message.
    }
    if (message.length() > 500) {
      message = message.substring(0, 500) + "...";
    }
    return new RegistryException(
        "schema registry at " + url + " refused " + method + ": HTTP " + status
            + (code != RegistryException.NO_ERROR_CODE ? ", error_code " + code : "") + ": " + message,
        status, code, url, null);
  }

  private JsonNode parse(String body, String method, String url) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new RegistryException(
          "schema registry at " + url + " answered " + method + " with a body that is not JSON: " + e.getMessage(),
          200, RegistryException.NO_ERROR_CODE, url, e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

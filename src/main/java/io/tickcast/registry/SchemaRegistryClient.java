package io.tickcast.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client of the Confluent Schema Registry REST API for Avro schemas.
 *
 * <h2>Lifecycle</h2>
 * Create one per registry and share it: it is thread-safe, and its caches are what keep the
 * serdes off the network. Creating it does not contact the registry. {@link #close()} releases
 * its HTTP threads and makes every later call throw {@link IllegalStateException}; serdes built on
 * it stop working then, so close it after the producers, consumers and streams that use it.
 *
 * <h2>Caching</h2>
 * Schemas by id are cached forever, since an id never changes its schema. An id the registry
 * definitely does not know (404) is remembered as a miss for {@link #MISS_TTL}, so a stream of
 * records with a garbage id costs one request per id and interval, not one per record; an
 * unreachable registry is never cached, it is asked again. Registrations are
 * cached per (subject, schema), so re-registering costs no request. Latest versions and
 * compatibility settings are not cached: they change.
 *
 * <h2>Failures</h2>
 * A registry that cannot be reached, or answers 408, 429 or 5xx, is retried with exponential
 * backoff for at most {@link RegistryConfig#maxRetryTime()}; then, and for any other error answer,
 * a {@link RegistryException} names the URL and carries the registry's status and error_code.
 */
public final class SchemaRegistryClient implements AutoCloseable {

  private final RegistryConfig config;
  private final ObjectMapper json = new ObjectMapper();
  private final RegistryHttp http;
  private final Map<SubjectSchema, Integer> idsByRegistration = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  /** How long an id the registry answered "not found" for is answered so without asking again. */
  public static final Duration MISS_TTL = Duration.ofSeconds(10);
  /** Ids the registry did not know, with the {@link System#nanoTime()} until which that answer stands. */
  private final Map<Integer, Miss> missesById = new ConcurrentHashMap<>();

  private record Miss(RegistryException answer, long until) {}
  private volatile boolean closed;

  public SchemaRegistryClient(RegistryConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = new RegistryHttp(config, json);
  }

  /** Base URL of the registry's Confluent API. */
  public String url() {
    return config.url();
  }

  public RegistryConfig config() {
    return config;
  }

  /**
   * Registers {@code schema} under {@code subject} and returns its global id. Registering a schema
   * the subject already has returns the existing id. Refused with HTTP 409 when the schema breaks
   * the subject's compatibility level.
   */
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(requireSubject(subject), Objects.requireNonNull(schema, "schema"));
    Integer cached = idsByRegistration.get(key);
    if (cached != null) {
      return cached;
    }
    ensureOpen();
    // computeIfAbsent makes threads registering the same schema at once wait for one request:
    // Apicurio answers a concurrent first registration of a subject with 409 "already exists".
    // It holds a map lock during the request, acceptable for what happens once per schema.
    return idsByRegistration.computeIfAbsent(key, k -> registerRemotely(k.subject(), k.schema()));
  }

  private int registerRemotely(String subject, Schema schema) {
    int id;
    try {
      JsonNode answer = http.post("/subjects/" + RegistryHttp.segment(subject) + "/versions", schemaBody(schema));
      id = requiredInt(answer, "id", "register under " + subject);
    } catch (RegistryException e) {
      if (e.httpStatus() != 409) {
        throw e;
      }
      // Another process may have registered the same schema a moment ago (the same race, across
      // processes); then it is there and the registration has, in effect, succeeded.
      id = lookup(subject, schema).map(SchemaVersion::id).orElseThrow(() -> e);
    }
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  /**
   * The version of {@code subject} that holds {@code schema}, if it is registered there; no
   * registration is attempted.
   */
  public Optional<SchemaVersion> lookup(String subject, Schema schema) {
    ensureOpen();
    Objects.requireNonNull(schema, "schema");
    JsonNode answer;
    try {
      answer = http.post("/subjects/" + RegistryHttp.segment(requireSubject(subject)), schemaBody(schema));
    } catch (RegistryException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
    String what = "lookup in " + subject;
    int id = requiredInt(answer, "id", what);
    schemasById.putIfAbsent(id, schema);
    return Optional.of(new SchemaVersion(subject, requiredInt(answer, "version", what), id, schema));
  }

  /**
   * The schema with global id {@code id}.
   *
   * @throws RegistryException with {@link RegistryException#SCHEMA_NOT_FOUND} if there is none
   */
  public Schema getById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Miss miss = missesById.get(id);
    if (miss != null) {
      if (System.nanoTime() - miss.until() < 0) {
        throw miss.answer();
      }
      missesById.remove(id, miss);
    }
    ensureOpen();
    JsonNode answer;
    try {
      answer = http.get("/schemas/ids/" + id);
    } catch (RegistryException e) {
      if (e.isNotFound()) {
        if (missesById.size() > 10_000) {
          missesById.clear(); // a flood of distinct garbage ids: bound the memory, not the requests
        }
        missesById.put(id, new Miss(e, System.nanoTime() + MISS_TTL.toNanos()));
      }
      throw e;
    }
    Schema schema = parseAvro(answer, "schema id " + id);
    Schema previous = schemasById.putIfAbsent(id, schema);
    return previous != null ? previous : schema;
  }

  /** The newest version of {@code subject}; a {@link RegistryException} (404) if it has none. */
  public SchemaVersion latest(String subject) {
    ensureOpen();
    JsonNode answer = http.get("/subjects/" + RegistryHttp.segment(requireSubject(subject)) + "/versions/latest");
    String what = "latest version of " + subject;
    int id = requiredInt(answer, "id", what);
    Schema schema = parseAvro(answer, what);
    schemasById.putIfAbsent(id, schema);
    return new SchemaVersion(subject, requiredInt(answer, "version", what), id, schema);
  }

  /**
   * Whether registering {@code schema} under {@code subject} would be accepted by the subject's
   * compatibility level, checked against its latest version. A subject without versions accepts
   * any schema, so the answer is then {@code true}.
   */
  public boolean isCompatible(String subject, Schema schema) {
    ensureOpen();
    Objects.requireNonNull(schema, "schema");
    try {
      JsonNode answer = http.post(
          "/compatibility/subjects/" + RegistryHttp.segment(requireSubject(subject)) + "/versions/latest",
          schemaBody(schema));
      JsonNode flag = answer.get("is_compatible");
      if (flag == null || !flag.isBoolean()) {
        throw malformed("compatibility check for " + subject, "is_compatible", answer);
      }
      return flag.booleanValue();
    } catch (RegistryException e) {
      // Confluent says 40401 for an unknown subject, Apicurio 40402 (no version 'latest').
      if (e.errorCode() == RegistryException.SUBJECT_NOT_FOUND
          || e.errorCode() == RegistryException.VERSION_NOT_FOUND) {
        return true;
      }
      throw e;
    }
  }

  /**
   * The compatibility level in force for {@code subject}: its own, else the global one.
   *
   * <p>Confluent's server answers 40408 for a subject without its own level (unless asked to fall
   * back), Apicurio 40401 for an unknown subject; both lead to the global level. Apicurio 2.x also
   * answers NONE for a known subject without a level of its own, and stores no subject-level NONE
   * (setting it removes the subject's level), so on Apicurio (a URL with {@code /apis/ccompat/}) a
   * subject's NONE means the global level applies and that is what is returned.
   */
  public String getCompatibility(String subject) {
    ensureOpen();
    String level;
    try {
      level = compatibilityOf(
          http.get("/config/" + RegistryHttp.segment(requireSubject(subject)) + "?defaultToGlobal=true"),
          "compatibility of " + subject);
    } catch (RegistryException e) {
      if (e.isNotFound()) {
        return getGlobalCompatibility();
      }
      throw e;
    }
    if ("NONE".equals(level) && isApicurio()) {
      return getGlobalCompatibility();
    }
    return level;
  }

  /**
   * Sets the compatibility level of {@code subject}, e.g. {@code BACKWARD}; the subject need not
   * exist yet. On Apicurio 2.x, NONE removes the subject's own level (the global level then
   * applies) and is refused with 40401 for a subject that does not exist yet.
   */
  public void setCompatibility(String subject, String level) {
    ensureOpen();
    http.put("/config/" + RegistryHttp.segment(requireSubject(subject)), compatibilityBody(level));
  }

  /** The registry-wide default compatibility level. */
  public String getGlobalCompatibility() {
    ensureOpen();
    return compatibilityOf(http.get("/config"), "global compatibility");
  }

  /** Sets the registry-wide default compatibility level. */
  public void setGlobalCompatibility(String level) {
    ensureOpen();
    http.put("/config", compatibilityBody(level));
  }

  @Override
  public void close() {
    closed = true;
    http.close();
  }

  private boolean isApicurio() {
    return config.url().contains("/apis/ccompat/");
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("schema registry client for " + config.url() + " is closed");
    }
  }

  private ObjectNode schemaBody(Schema schema) {
    // schemaType is omitted: AVRO is the default, and older registries reject the field.
    ObjectNode body = json.createObjectNode();
    body.put("schema", schema.toString());
    return body;
  }

  private ObjectNode compatibilityBody(String level) {
    Objects.requireNonNull(level, "level");
    ObjectNode body = json.createObjectNode();
    body.put("compatibility", level.strip().toUpperCase(Locale.ROOT));
    return body;
  }

  private String compatibilityOf(JsonNode answer, String what) {
    // GET answers {"compatibilityLevel": ...}; some servers use "compatibility" as PUT does.
    JsonNode level = answer.hasNonNull("compatibilityLevel") ? answer.get("compatibilityLevel") : answer.get("compatibility");
    if (level == null || !level.isTextual()) {
      throw malformed(what, "compatibilityLevel", answer);
    }
    return level.asText();
  }

  private Schema parseAvro(JsonNode answer, String what) {
    JsonNode type = answer.get("schemaType");
    if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
      throw new RegistryException(what + " at " + config.url() + " is a " + type.asText() + " schema, not Avro",
          200, RegistryException.NO_ERROR_CODE, config.url(), null);
    }
    JsonNode text = answer.get("schema");
    if (text == null || !text.isTextual()) {
      throw malformed(what, "schema", answer);
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw new RegistryException(what + " at " + config.url() + " is not a valid Avro schema: " + e.getMessage(),
          200, RegistryException.NO_ERROR_CODE, config.url(), e);
    }
  }

  private int requiredInt(JsonNode answer, String field, String what) {
    JsonNode value = answer.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw malformed(what, field, answer);
    }
    return value.intValue();
  }

  private RegistryException malformed(String what, String field, JsonNode answer) {
    String text = answer.toString();
    return new RegistryException(
        "schema registry at " + config.url() + " answered " + what + " without a valid '" + field + "': "
            + (text.length() > 300 ? text.substring(0, 300) + "..." : text),
        200, RegistryException.NO_ERROR_CODE, config.url(), null);
  }

  private static String requireSubject(String subject) {
    Objects.requireNonNull(subject, "subject");
    if (subject.isEmpty()) {
      throw new IllegalArgumentException("subject must not be empty");
    }
    return subject;
  }

  private record SubjectSchema(String subject, Schema schema) {}
}

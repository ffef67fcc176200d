package io.tickcast.registry;

/**
 * A schema registry request failed.
 *
 * <p>Either the registry answered with an error ({@link #httpStatus()} is its HTTP status and
 * {@link #errorCode()} the {@code error_code} of its body, e.g. 40401 subject not found, 40403
 * schema not found, 409 incompatible schema), or it could not be reached within the configured
 * retry time ({@link #httpStatus()} is {@link #NO_RESPONSE}). The message always names the URL.
 */
public class RegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** {@link #httpStatus()} when no HTTP response was received. */
  public static final int NO_RESPONSE = -1;

  /** {@link #errorCode()} when the response carried no {@code error_code}. */
  public static final int NO_ERROR_CODE = -1;

  /** Confluent's error code: subject not found. */
  public static final int SUBJECT_NOT_FOUND = 40401;

  /** Confluent's error code: version not found. */
  public static final int VERSION_NOT_FOUND = 40402;

  /** Confluent's error code: schema (id) not found. */
  public static final int SCHEMA_NOT_FOUND = 40403;

  private final int httpStatus;
  private final int errorCode;
  private final String url;

  public RegistryException(String message, int httpStatus, int errorCode, String url, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.url = url;
  }

  /** HTTP status of the registry's answer, or {@link #NO_RESPONSE}. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's {@code error_code}, or {@link #NO_ERROR_CODE}. */
  public int errorCode() {
    return errorCode;
  }

  /** The URL of the failed request. */
  public String url() {
    return url;
  }

  /** True when the registry answered that the subject, version or schema does not exist. */
  public boolean isNotFound() {
    return httpStatus == 404;
  }
}

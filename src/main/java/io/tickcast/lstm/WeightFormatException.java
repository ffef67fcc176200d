package io.tickcast.lstm;

/**
 * Weights that cannot be used: a missing key, a wrong shape, a non-finite number, or a file that
 * is not a state_dict at all. The message names the offending key; {@link #key()} returns it
 * ({@code null} when the problem is not tied to one key, e.g. malformed JSON).
 */
public final class WeightFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public WeightFormatException(String key, String problem) {
    super(key == null ? problem : key + ": " + problem);
    this.key = key;
  }

  public WeightFormatException(String key, String problem, Throwable cause) {
    super(key == null ? problem : key + ": " + problem, cause);
    this.key = key;
  }

  public String key() {
    return key;
  }
}

package io.tickcast.model;

/** A model release this instance will not serve; the message says why. */
public final class ModelRefusedException extends Exception {
  public ModelRefusedException(String message) {
    super(message);
  }

  public ModelRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}

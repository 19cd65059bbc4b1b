package io.weir.serde;

/** A value could not be written or read; the message names the value or the position. */
public final class SerdeException extends RuntimeException {
  public SerdeException(String message) {
    super(message);
  }

  public SerdeException(String message, Throwable cause) {
    super(message, cause);
  }
}

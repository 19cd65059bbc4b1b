package io.weir.api;

/** No job of that name is on the classpath; the message lists the known ones. */
public final class UnknownJobException extends RuntimeException {
  public UnknownJobException(String message) {
    super(message);
  }
}

package io.weir.api;

/** A job's arguments are wrong; the message names the job, the argument and what is expected. */
public final class JobArgumentException extends RuntimeException {
  public JobArgumentException(String message) {
    super(message);
  }
}

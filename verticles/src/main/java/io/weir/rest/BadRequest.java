package io.weir.rest;

/** A request the API refuses with 400; the message names the field and what it must be. */
final class BadRequest extends RuntimeException {
  BadRequest(String message) {
    super(message);
  }
}

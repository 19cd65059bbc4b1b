package io.weir.connector;

/** How a file sink turns a record into a line of text. */
@FunctionalInterface
public interface LineFormat<T> {
  String format(T record);

  static <T> LineFormat<T> toStringFormat() {
    return String::valueOf;
  }
}

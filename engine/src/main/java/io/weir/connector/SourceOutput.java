package io.weir.connector;

/** Where a reader emits records. */
public interface SourceOutput<T> {
  void emit(T record);

  /** False when the reader should return from poll: downstream has no room, or it is time to yield. */
  boolean wantsMore();
}

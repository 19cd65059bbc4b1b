package io.weir.connector;

/** Where a reader emits records. */
public interface SourceOutput<T> {
  void emit(T record);

  /** False when the reader should return from poll: downstream has no room, or it is time to yield. */
  boolean wantsMore();

  /**
   * Where to emit the records of split {@code splitIndex}, so that a source with a watermark
   * strategy keeps one watermark per split (the source's is the lowest of its splits'). A reader
   * that reads several splits at once should emit through these; without a strategy it is this.
   */
  default SourceOutput<T> forSplit(int splitIndex) {
    return this;
  }
}

package io.weir.serde;

/**
 * A dictionary of class names that a writer and the readers of what it wrote share, so that a
 * record or enum is written with its class's 8-byte id instead of its name (a RocksDB state's keys
 * and values, each its own session, would otherwise spell the name out in every entry). The
 * dictionary is the owner's to keep with the data: an id means nothing without it.
 */
public interface ClassIds {
  /** The id of {@code type}, added to the dictionary when it is new. */
  long idOf(Class<?> type);

  /** The name of the class with id {@code id}, or null when the dictionary has none. */
  String nameOf(long id);
}

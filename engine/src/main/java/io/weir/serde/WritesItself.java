package io.weir.serde;

/**
 * A record that writes its own encoding, exactly the bytes {@link ValueWriter} writes for any
 * record ({@link ValueWriter#writeRecordClass}, then each component in order), without reading its
 * components through their accessors: for a record written per record of a stream (the window
 * operator's state key, on RocksDB: 21% of q7's window task went to writing it the general way).
 * It is read back as any record is.
 */
public interface WritesItself {
  void writeTo(ValueWriter writer);
}

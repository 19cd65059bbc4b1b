package io.weir.state.rocksdb;

import io.weir.api.state.StateDescriptor;
import io.weir.serde.ClassIds;
import io.weir.state.ttl.TtlValues;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * RocksDB entries of one state through {@link TtlValues#convert}: the restore's copy drops expired
 * entries as it passes them, and a state restored with another time-to-live than it was kept with
 * is rewritten once. Has its own codec, so the backend's current key is left alone.
 */
final class TtlEntries {
  private static final long BATCH_BYTES = 4 << 20;

  private final KeyValueCodec codec;

  /** @param classes the dictionary of the classes the entries name */
  TtlEntries(ClassIds classes) {
    this.codec = new KeyValueCodec(classes);
  }

  /**
   * The stored value of an entry of a state of {@code kind}, kept with time-to-live {@code from}, as
   * a state with time-to-live {@code to} keeps it at {@code now}: the same array when nothing
   * changes, a new one, or null when nothing is left.
   */
  byte[] convert(byte[] stored, StateDescriptor.Kind kind, long from, long to, long now) {
    TtlValues.Shape shape = TtlValues.Shape.inRocksDb(kind);
    Object value = codec.decodeEntry(stored, shape, from > 0);
    Object left = TtlValues.convert(value, shape, from, to, now);
    if (left == TtlValues.GONE) {
      return null;
    }
    return left == value ? stored : codec.encodeEntry(left, shape, to > 0);
  }

  /** Rewrites every entry of {@code c}'s column in {@code db} from time-to-live {@code from} to {@code to}, and records {@code to}. */
  void rewrite(RocksDbInstance db, StateColumn c, ColumnFamilyHandle handle, long from, long to, long now,
               WriteOptions writes) throws RocksDBException {
    try (RocksIterator it = db.db.newIterator(handle);
         WriteBatch batch = new WriteBatch()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] stored = it.value();
        byte[] converted = convert(stored, c.kind, from, to, now);
        if (converted == null) {
          batch.delete(handle, it.key());
        } else if (converted != stored) {
          batch.put(handle, it.key(), converted);
        }
        if (batch.getDataSize() >= BATCH_BYTES) {
          db.db.write(writes, batch);
          batch.clear();
        }
      }
      it.status();
      if (batch.count() > 0) {
        db.db.write(writes, batch);
      }
    }
    db.recordTtl(c.name, to, writes);
  }
}

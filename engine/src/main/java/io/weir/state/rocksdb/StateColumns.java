package io.weir.state.rocksdb;

import io.weir.api.state.StateDescriptor;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.serde.ClassIds;
import io.weir.state.StateAccessException;
import io.weir.state.ttl.TtlValues;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The column families of a RocksDB backend's states, by state name. A state may be declared before
 * the database opens (its handle is bound when it does) or after (its column family is created at
 * once); a restore binds every declared state to the restored database and adds the states the
 * database holds that are not declared yet. Where a database keeps a state's entries with another
 * time-to-live than the state is declared with, its entries are rewritten ({@link TtlEntries}):
 * when it is bound, or when a restored state is first declared.
 */
final class StateColumns {
  private final Map<String, StateColumn> columns = new LinkedHashMap<>();
  private final WriteOptions writes;
  private final LongSupplier clock;
  private final TtlEntries ttlEntries;

  /** @param classes the dictionary of the classes the entries name, for rewriting them */
  StateColumns(WriteOptions writes, LongSupplier clock, ClassIds classes) {
    this.writes = writes;
    this.clock = clock;
    this.ttlEntries = new TtlEntries(classes);
  }

  /** The column of the state {@code d} names, declared now if it is new; {@code db} is null while no database is open. */
  StateColumn declare(StateDescriptor d, RocksDbInstance db) {
    long ttl = TtlValues.millis(d);
    StateColumn c = columns.get(d.name());
    if (c == null) {
      c = new StateColumn(d.name(), d.kind(), null, ttl, true);
      if (db != null) {
        try {
          c.handle = db.column(d.name(), d.kind(), writes);
          db.recordTtl(d.name(), ttl, writes);
        } catch (RocksDBException e) {
          throw new StateAccessException("RocksDB cannot create state '" + d.name() + "': " + e.getMessage(), e);
        }
      }
      columns.put(d.name(), c);
    } else if (c.kind != d.kind()) {
      throw StateAccessException.otherKind(d.name(), c.kind, d.kind());
    } else if (!c.declared) {
      c.declared = true;
      if (c.ttl != ttl && db != null) {
        try {
          ttlEntries.rewrite(db, c, c.handle, c.ttl, ttl, clock.getAsLong(), writes);
        } catch (RocksDBException e) {
          throw new StateAccessException("RocksDB cannot change the time-to-live of state '" + d.name() + "': "
              + e.getMessage(), e);
        }
      }
      c.ttl = ttl;
    } else if ((c.ttl > 0) != (ttl > 0)) {
      throw StateAccessException.otherTimeToLive(d.name(), c.ttl, ttl);
    } else if (c.ttl != ttl) {
      if (db != null) {
        try {
          db.recordTtl(d.name(), ttl, writes);
        } catch (RocksDBException e) {
          throw new StateAccessException("RocksDB cannot record the time-to-live of state '" + d.name() + "': "
              + e.getMessage(), e);
        }
      }
      c.ttl = ttl;
    }
    return c;
  }

  /** The column of a declared or restored state, or null. */
  StateColumn get(String name) {
    return columns.get(name);
  }

  boolean isEmpty() {
    return columns.isEmpty();
  }

  Collection<StateColumn> all() {
    return columns.values();
  }

  /**
   * Prepares binding every state to {@code db} (a new or a restored database): the declared states'
   * column families there (created where it has none), and the states {@code db} has that are not
   * declared yet. Changes no column until the returned binding is applied, so a failure leaves the
   * columns bound to the database they were bound to; entries of {@code db} kept with another
   * time-to-live than their declared state's are rewritten at once.
   *
   * @throws CorruptCheckpointException when {@code db} holds a declared state as another kind
   */
  Runnable bind(RocksDbInstance db) throws RocksDBException, CorruptCheckpointException {
    Map<String, StateDescriptor.Kind> kinds = db.kinds();
    Map<StateColumn, ColumnFamilyHandle> rebound = new HashMap<>();
    for (StateColumn c : columns.values()) {
      StateDescriptor.Kind kind = kinds.get(c.name);
      if (kind != null && kind != c.kind) {
        throw new CorruptCheckpointException("state '" + c.name + "' is a " + kind + " state in the checkpoint but a "
            + c.kind + " state here");
      }
      ColumnFamilyHandle handle = db.column(c.name, c.kind, writes);
      long kept = db.ttl(c.name);
      if (kept != c.ttl) {
        ttlEntries.rewrite(db, c, handle, kept, c.ttl, clock.getAsLong(), writes);
      }
      rebound.put(c, handle);
    }
    Map<String, StateColumn> added = new LinkedHashMap<>();
    for (Map.Entry<String, StateDescriptor.Kind> e : kinds.entrySet()) {
      if (!columns.containsKey(e.getKey())) {
        added.put(e.getKey(), new StateColumn(e.getKey(), e.getValue(), db.existingColumn(e.getKey()), db.ttl(e.getKey()),
            false));
      }
    }
    return () -> {
      rebound.forEach((column, handle) -> column.handle = handle);
      columns.putAll(added);
    };
  }

  /** Forgets every handle (the database they belong to is closing). */
  void unbind() {
    for (StateColumn c : columns.values()) {
      c.handle = null;
    }
  }
}

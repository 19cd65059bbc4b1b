package io.weir.state.rocksdb;

import io.weir.api.state.StateDescriptor;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.state.StateAccessException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The column families of a RocksDB backend's states, by state name. A state may be declared before
 * the database opens (its handle is bound when it does) or after (its column family is created at
 * once); a restore binds every declared state to the restored database and adds the states the
 * database holds that are not declared yet.
 */
final class StateColumns {
  private final Map<String, StateColumn> columns = new LinkedHashMap<>();
  private final WriteOptions writes;

  StateColumns(WriteOptions writes) {
    this.writes = writes;
  }

  /** The column of the state {@code d} names, declared now if it is new; {@code db} is null while no database is open. */
  StateColumn declare(StateDescriptor d, RocksDbInstance db) {
    StateColumn c = columns.get(d.name());
    if (c == null) {
      c = new StateColumn(d.name(), d.kind(), null);
      if (db != null) {
        try {
          c.handle = db.column(d.name(), d.kind(), writes);
        } catch (RocksDBException e) {
          throw new StateAccessException("RocksDB cannot create state '" + d.name() + "': " + e.getMessage(), e);
        }
      }
      columns.put(d.name(), c);
    } else if (c.kind != d.kind()) {
      throw StateAccessException.otherKind(d.name(), c.kind, d.kind());
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
   * declared yet. Changes nothing until the returned binding is applied, so a failure leaves the
   * columns bound to the database they were bound to.
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
      rebound.put(c, db.column(c.name, c.kind, writes));
    }
    Map<String, StateColumn> added = new LinkedHashMap<>();
    for (Map.Entry<String, StateDescriptor.Kind> e : kinds.entrySet()) {
      if (!columns.containsKey(e.getKey())) {
        added.put(e.getKey(), new StateColumn(e.getKey(), e.getValue(), db.existingColumn(e.getKey())));
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

package io.weir.state.rocksdb;

import io.weir.api.state.StateDescriptor;
import org.rocksdb.ColumnFamilyHandle;

/**
 * A state's column family; the handle is set when the database opens, and again when a restore
 * replaces it. {@code ttl} is the time-to-live (ms, 0: none) its entries are kept with.
 */
final class StateColumn {
  final String name;
  final StateDescriptor.Kind kind;
  ColumnFamilyHandle handle;
  long ttl;
  /** Whether a state object was made for it (a restore adds columns that none was made for yet). */
  boolean declared;
  /** Its recently used entries ({@link CachedEntries}), made on first access. */
  ColumnCache cache;

  StateColumn(String name, StateDescriptor.Kind kind, ColumnFamilyHandle handle, long ttl, boolean declared) {
    this.name = name;
    this.kind = kind;
    this.handle = handle;
    this.ttl = ttl;
    this.declared = declared;
  }
}

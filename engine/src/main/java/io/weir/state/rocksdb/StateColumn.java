package io.weir.state.rocksdb;

import io.weir.api.state.StateDescriptor;
import org.rocksdb.ColumnFamilyHandle;

/** A state's column family; the handle is set when the database opens, and again when a restore replaces it. */
final class StateColumn {
  final String name;
  final StateDescriptor.Kind kind;
  ColumnFamilyHandle handle;

  StateColumn(String name, StateDescriptor.Kind kind, ColumnFamilyHandle handle) {
    this.name = name;
    this.kind = kind;
    this.handle = handle;
  }
}

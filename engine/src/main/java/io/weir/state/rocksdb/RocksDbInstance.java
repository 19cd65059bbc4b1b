package io.weir.state.rocksdb;

import io.weir.api.state.StateDescriptor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * One open RocksDB database in its own directory, with a handle per column family. Layout: one
 * column family per state, named as the state; the default column family holds Weir's metadata
 * (the format version, each state's kind and, for a state with a time-to-live, the time-to-live its
 * entries are kept with: {@code weir.ttl.<state>}, 8 bytes; absent means none; and the classes
 * the entries name by id, {@code weir.class.<id: 8 bytes>} = the class's name, {@link ClassDictionary}),
 * so a checkpoint says what it contains. Format 2 names classes by id; format 1 spelled their names
 * in every entry and is refused by a restore. Closing
 * closes the handles, then the database; the directory is the caller's to delete.
 */
final class RocksDbInstance implements AutoCloseable {
  static final int FORMAT = 2;
  private static final byte[] FORMAT_KEY = "weir.format".getBytes(StandardCharsets.UTF_8);
  private static final String KIND_PREFIX = "weir.kind.";
  private static final String TTL_PREFIX = "weir.ttl.";
  private static final byte[] CLASS_PREFIX = "weir.class.".getBytes(StandardCharsets.UTF_8);

  final Path dir;
  final RocksDB db;
  private final ColumnFamilyHandle metadata;
  private final Map<String, ColumnFamilyHandle> columns = new LinkedHashMap<>();
  private final RocksDbOptions options;
  private boolean closed;

  private RocksDbInstance(Path dir, RocksDB db, List<ColumnFamilyHandle> handles, RocksDbOptions options)
      throws RocksDBException {
    this.dir = dir;
    this.db = db;
    this.options = options;
    this.metadata = handles.get(0);
    for (int i = 1; i < handles.size(); i++) {
      columns.put(new String(handles.get(i).getName(), StandardCharsets.UTF_8), handles.get(i));
    }
  }

  /** Creates an empty database in {@code dir}, which must not exist yet. */
  static RocksDbInstance create(Path dir, RocksDbOptions options, WriteOptions writes) throws RocksDBException {
    RocksDbInstance instance = open(dir, options, false);
    try {
      instance.db.put(instance.metadata, writes, FORMAT_KEY, new byte[] {FORMAT});
      return instance;
    } catch (RocksDBException | RuntimeException e) {
      instance.close();
      throw e;
    }
  }

  /** Opens the database in {@code dir} (a restored checkpoint) with every column family it has. */
  static RocksDbInstance open(Path dir, RocksDbOptions options, boolean readOnly) throws RocksDBException {
    List<byte[]> names = new ArrayList<>();
    names.add(RocksDB.DEFAULT_COLUMN_FAMILY);
    if (Files.exists(dir.resolve("CURRENT"))) {
      try (Options listing = new Options()) {
        for (byte[] name : RocksDB.listColumnFamilies(listing, dir.toString())) {
          if (!Arrays.equals(name, RocksDB.DEFAULT_COLUMN_FAMILY)) {
            names.add(name);
          }
        }
      }
    }
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (byte[] name : names) {
      descriptors.add(new ColumnFamilyDescriptor(name, options.columns));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db = readOnly
        ? RocksDB.openReadOnly(options.db, dir.toString(), descriptors, handles)
        : RocksDB.open(options.db, dir.toString(), descriptors, handles);
    try {
      return new RocksDbInstance(dir, db, handles, options);
    } catch (RocksDBException | RuntimeException e) {
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      throw e;
    }
  }

  /** The format version recorded in the metadata, or -1 when there is none (not a Weir database). */
  int format() throws RocksDBException {
    byte[] v = db.get(metadata, FORMAT_KEY);
    return v == null || v.length != 1 ? -1 : v[0];
  }

  /** The kind each state was declared with, from the metadata. */
  Map<String, StateDescriptor.Kind> kinds() throws RocksDBException {
    Map<String, StateDescriptor.Kind> kinds = new LinkedHashMap<>();
    for (String name : columns.keySet()) {
      byte[] v = db.get(metadata, kindKey(name));
      StateDescriptor.Kind[] all = StateDescriptor.Kind.values();
      kinds.put(name, v == null || v.length != 1 || v[0] < 0 || v[0] >= all.length ? null : all[v[0]]);
    }
    return kinds;
  }

  /** The time-to-live (ms) the entries of state {@code name} are kept with, 0 when none is recorded. */
  long ttl(String name) throws RocksDBException {
    byte[] v = db.get(metadata, (TTL_PREFIX + name).getBytes(StandardCharsets.UTF_8));
    return v == null || v.length != Long.BYTES ? 0 : java.nio.ByteBuffer.wrap(v).getLong();
  }

  /** Records the time-to-live (ms, 0: none) the entries of state {@code name} are kept with. */
  void recordTtl(String name, long ttl, WriteOptions writes) throws RocksDBException {
    byte[] key = (TTL_PREFIX + name).getBytes(StandardCharsets.UTF_8);
    if (ttl == 0) {
      db.delete(metadata, writes, key);
    } else {
      db.put(metadata, writes, key, java.nio.ByteBuffer.allocate(Long.BYTES).putLong(ttl).array());
    }
  }

  /** The classes the entries name ({@link ClassDictionary}), by id. */
  Map<Long, String> classNames() throws RocksDBException {
    Map<Long, String> names = new LinkedHashMap<>();
    try (RocksIterator it = db.newIterator(metadata)) {
      for (it.seek(CLASS_PREFIX); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (key.length != CLASS_PREFIX.length + Long.BYTES
            || !Arrays.equals(key, 0, CLASS_PREFIX.length, CLASS_PREFIX, 0, CLASS_PREFIX.length)) {
          break;
        }
        names.put(ByteBuffer.wrap(key, CLASS_PREFIX.length, Long.BYTES).getLong(),
            new String(it.value(), StandardCharsets.UTF_8));
      }
      it.status();
    }
    return names;
  }

  /** Records that entries name class {@code name} by {@code id}. */
  void recordClass(long id, String name, WriteOptions writes) throws RocksDBException {
    byte[] key = ByteBuffer.allocate(CLASS_PREFIX.length + Long.BYTES).put(CLASS_PREFIX).putLong(id).array();
    db.put(metadata, writes, key, name.getBytes(StandardCharsets.UTF_8));
  }

  /** The column family of a state, created (with its kind recorded) when it does not exist yet. */
  ColumnFamilyHandle column(String name, StateDescriptor.Kind kind, WriteOptions writes) throws RocksDBException {
    ColumnFamilyHandle handle = columns.get(name);
    if (handle == null) {
      handle = db.createColumnFamily(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), options.columns));
      columns.put(name, handle);
      db.put(metadata, writes, kindKey(name), new byte[] {(byte) kind.ordinal()});
    }
    return handle;
  }

  /** The column family of a state, or null when this database has none. */
  ColumnFamilyHandle existingColumn(String name) {
    return columns.get(name);
  }

  List<ColumnFamilyHandle> stateColumns() {
    return new ArrayList<>(columns.values());
  }

  /** Writes every memtable to SST files (state is written without a WAL, so a snapshot needs this). */
  void flush(FlushOptions flush) throws RocksDBException {
    List<ColumnFamilyHandle> all = new ArrayList<>(columns.values());
    all.add(metadata);
    db.flush(flush, all);
  }

  private static byte[] kindKey(String name) {
    return (KIND_PREFIX + name).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    columns.values().forEach(ColumnFamilyHandle::close);
    metadata.close();
    db.close();
  }
}

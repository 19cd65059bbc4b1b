package io.weir.state.rocksdb;

import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.serde.ClassIds;
import io.weir.state.StateAccessException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.rocksdb.RocksDBException;

/**
 * The record and enum classes a RocksDB database's keys and values name, by id: an entry spells an
 * 8-byte id where it would spell the class's name (some 45 bytes for a nested record), so keys
 * are shorter to write, hash and compare, and values to decode. An id is a 64-bit hash of the
 * class's name, the same in every database, so databases restored together (rescaling) agree on
 * them and their entries are copied as they are. Each database records the ids it uses in its
 * metadata ({@link RocksDbInstance#classNames}) the first time it uses them; two names with one id
 * are refused, naming both. Used by the task's thread only.
 */
final class ClassDictionary implements ClassIds {
  /** Where a class new to the dictionary is recorded (the database), before any entry names it. */
  interface Sink {
    void record(long id, String name) throws RocksDBException;
  }

  /** How many of the classes named last are looked up by reference before the map: a value names a few, over and over. */
  private static final int RECENT = 4;

  private final Map<Class<?>, Long> ids = new IdentityHashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  private final Sink sink;
  private final Class<?>[] recentTypes = new Class<?>[RECENT];
  private final long[] recentIds = new long[RECENT];
  private int nextRecent;
  // the classes decoded last, by id: a list of records names one class per element
  private final long[] recentlyReadIds = new long[RECENT];
  private final String[] recentlyReadNames = new String[RECENT];
  private int nextRead;

  ClassDictionary(Sink sink) {
    this.sink = sink;
  }

  /** The id of the class named {@code name}: FNV-1a over its UTF-8 bytes, then mixed. */
  static long id(String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    return h ^ (h >>> 33);
  }

  /**
   * Forgets every class, then takes those {@code db} (a restored database, described by {@code where})
   * recorded; a class it did not record is recorded again when an entry first names it.
   *
   * @throws CorruptCheckpointException when an id recorded there is not its name's
   */
  void reload(RocksDbInstance db, String where) throws RocksDBException, CorruptCheckpointException {
    ids.clear();
    names.clear();
    Arrays.fill(recentTypes, null);
    Arrays.fill(recentlyReadNames, null);
    for (Map.Entry<Long, String> e : db.classNames().entrySet()) {
      learn(e.getKey(), e.getValue(), where);
    }
  }

  /**
   * Adds one class {@code where} (a database) recorded, without recording it; true when it is new here.
   *
   * @throws CorruptCheckpointException when {@code id} is not the name's, or names another class here
   */
  boolean learn(long id, String name, String where) throws CorruptCheckpointException {
    String known = names.get(id);
    if (id(name) != id || (known != null && !known.equals(name))) {
      throw new CorruptCheckpointException(where + " records class " + name + " with id " + Long.toHexString(id)
          + (id(name) != id ? ", which is not its id" : ", which names " + known + " elsewhere"));
    }
    names.put(id, name);
    return known == null;
  }

  @Override
  public long idOf(Class<?> type) {
    for (int i = 0; i < RECENT; i++) {
      if (recentTypes[i] == type) {
        return recentIds[i];
      }
    }
    long id = recordedId(type);
    recentTypes[nextRecent] = type;
    recentIds[nextRecent] = id;
    nextRecent = (nextRecent + 1) % RECENT;
    return id;
  }

  private long recordedId(Class<?> type) {
    Long known = ids.get(type);
    if (known != null) {
      return known;
    }
    String name = type.getName();
    long id = id(name);
    String other = names.get(id);
    if (other == null) {
      try {
        sink.record(id, name);
      } catch (RocksDBException e) {
        throw new StateAccessException("RocksDB failed to record class " + name + " in its class dictionary: "
            + e.getMessage(), e);
      }
      names.put(id, name);
    } else if (!other.equals(name)) {
      throw new StateAccessException("classes " + other + " and " + name + " have the same id " + Long.toHexString(id)
          + " in RocksDB state; rename one of them");
    }
    ids.put(type, id);
    return id;
  }

  /** The class's name, looked up among the last few read before the map (which boxes the id and hashes it). */
  @Override
  public String nameOf(long id) {
    for (int i = 0; i < RECENT; i++) {
      if (recentlyReadIds[i] == id && recentlyReadNames[i] != null) {
        return recentlyReadNames[i];
      }
    }
    String name = names.get(id);
    if (name != null) {
      recentlyReadIds[nextRead] = id;
      recentlyReadNames[nextRead] = name;
      nextRead = (nextRead + 1) % RECENT;
    }
    return name;
  }
}

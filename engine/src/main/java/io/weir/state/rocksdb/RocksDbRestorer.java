package io.weir.state.rocksdb;

import io.weir.api.state.StateDescriptor;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.state.KeyGroupRange;
import io.weir.util.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Builds a subtask's database from the snapshot handles that overlap its key groups. One handle
 * with the same key groups: its files are downloaded and opened as they are. One handle with more
 * key groups (the job scaled out): opened as it is, then the key groups outside this subtask's
 * are dropped (whole SST files where possible, range deletions for the rest). Otherwise: each
 * handle is downloaded into a temporary directory, opened read-only, and the entries of this
 * subtask's key groups copied into a new database (without the entries of states with a
 * time-to-live that have expired, {@link TtlEntries}). Downloads verify every file's size and
 * checksum; a bad or missing file, or a database RocksDB finds corrupt, is a
 * {@link CorruptCheckpointException}. Whatever fails, nothing is left open or on disk.
 */
final class RocksDbRestorer {
  private static final long BATCH_BYTES = 4 << 20;

  /** The restored database, and the handle it is a copy of when it is one subtask's database as it was. */
  record Restored(RocksDbInstance instance, RocksDbStateHandle asIs) {
  }

  private final KeyGroupRange range;
  private final RocksDbOptions options;
  private final WriteOptions writes;
  private final Path workDir;
  private final long now;
  private int temporaries;

  /** @param now the processing time that expired entries are dropped by */
  RocksDbRestorer(KeyGroupRange range, RocksDbOptions options, WriteOptions writes, Path workDir, long now) {
    this.range = range;
    this.options = options;
    this.writes = writes;
    this.workDir = workDir;
    this.now = now;
  }

  /** Restores into {@code dbDir}, which must not exist; on failure it is deleted again. */
  Restored restore(List<RocksDbStateHandle> handles, CheckpointStorage storage, Path dbDir) throws Exception {
    List<RocksDbStateHandle> overlapping = new ArrayList<>();
    for (RocksDbStateHandle h : handles) {
      if (h.keyGroupRange().intersects(range)) {
        overlapping.add(h);
      }
    }
    try {
      if (overlapping.isEmpty()) {
        return new Restored(RocksDbInstance.create(dbDir, options, writes), null);
      }
      RocksDbStateHandle first = overlapping.get(0);
      if (overlapping.size() == 1 && contains(first.keyGroupRange(), range)) {
        RocksDbInstance instance = openDownloaded(first, storage, dbDir, false);
        if (first.keyGroupRange().equals(range)) {
          return new Restored(instance, first);
        }
        try {
          dropOtherKeyGroups(instance);
          return new Restored(instance, null);
        } catch (RocksDBException | RuntimeException e) {
          instance.close();
          throw e;
        }
      }
      RocksDbInstance instance = RocksDbInstance.create(dbDir, options, writes);
      try {
        Map<String, StateDescriptor.Kind> kinds = new HashMap<>();
        ClassDictionary classes = new ClassDictionary((id, name) -> instance.recordClass(id, name, writes));
        TtlEntries ttlEntries = new TtlEntries(classes);
        for (RocksDbStateHandle h : overlapping) {
          copyInto(instance, h, storage, kinds, classes, ttlEntries);
        }
        return new Restored(instance, null);
      } catch (Exception e) {
        instance.close();
        throw e;
      }
    } catch (Exception e) {
      FileTrees.deleteQuietly(dbDir);
      throw e;
    }
  }

  private static boolean contains(KeyGroupRange outer, KeyGroupRange inner) {
    return outer.start() <= inner.start() && inner.end() <= outer.end();
  }

  private RocksDbInstance openDownloaded(RocksDbStateHandle h, CheckpointStorage storage, Path dir, boolean readOnly)
      throws Exception {
    Files.createDirectories(dir);
    for (RocksDbStateHandle.LocalFile f : h.localFiles()) {
      if (f.name().isEmpty() || f.name().contains("/") || f.name().startsWith(".")) {
        throw new CorruptCheckpointException("the RocksDB snapshot of key groups " + h.keyGroupRange()
            + " names a bad file '" + f.name() + "'");
      }
      storage.download(f.file(), dir.resolve(f.name()));
    }
    String what = describe(h);
    RocksDbInstance instance;
    try {
      instance = RocksDbInstance.open(dir, options, readOnly);
    } catch (RocksDBException e) {
      throw corruptOr(e, what + " cannot be opened");
    }
    try {
      if (instance.format() != RocksDbInstance.FORMAT) {
        throw new CorruptCheckpointException(what + " has format " + instance.format() + ", this Weir reads "
            + RocksDbInstance.FORMAT + (instance.format() == 1 ? " (format 1 spells class names in every entry; restore"
            + " it with the Weir that wrote it, or start the job afresh)" : ""));
      }
      for (Map.Entry<String, StateDescriptor.Kind> e : instance.kinds().entrySet()) {
        if (e.getValue() == null) {
          throw new CorruptCheckpointException(what + " does not record the kind of state '" + e.getKey() + "'");
        }
      }
      return instance;
    } catch (Exception e) {
      instance.close();
      throw e instanceof RocksDBException r ? corruptOr(r, what + " cannot be read") : e;
    }
  }

  private static String describe(RocksDbStateHandle h) {
    return "the RocksDB snapshot of key groups " + h.keyGroupRange() + " (checkpoint " + h.checkpointId() + ")";
  }

  private static Exception corruptOr(RocksDBException e, String what) {
    Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
    if (code == Status.Code.Corruption || code == Status.Code.NotFound || code == Status.Code.InvalidArgument) {
      return new CorruptCheckpointException(what + ": " + e.getMessage());
    }
    return e;
  }

  /** Removes the key groups before and after this subtask's range from every state. */
  private void dropOtherKeyGroups(RocksDbInstance instance) throws RocksDBException {
    byte[] lowest = {0, 0};
    byte[] start = KeyValueCodec.keyGroupPrefix(range.start());
    byte[] afterEnd = KeyValueCodec.keyGroupPrefix(range.end() + 1);
    byte[] highest = {(byte) 0xff, (byte) 0xff};
    for (ColumnFamilyHandle column : instance.stateColumns()) {
      instance.db.deleteFilesInRanges(column, List.of(lowest, start, afterEnd, highest), false);
      instance.db.deleteRange(column, writes, lowest, start);
      instance.db.deleteRange(column, writes, afterEnd, highest);
    }
  }

  /** Copies {@code h}'s entries of this subtask's key groups into {@code target}, and the classes they name. */
  private void copyInto(RocksDbInstance target, RocksDbStateHandle h, CheckpointStorage storage,
                        Map<String, StateDescriptor.Kind> kinds, ClassDictionary classes, TtlEntries ttlEntries)
      throws Exception {
    Path dir = workDir.resolve("restore-" + temporaries++);
    try (RocksDbInstance source = openDownloaded(h, storage, dir, true)) {
      String what = describe(h);
      for (Map.Entry<Long, String> c : source.classNames().entrySet()) {
        if (classes.learn(c.getKey(), c.getValue(), what)) {
          target.recordClass(c.getKey(), c.getValue(), writes);
        }
      }
      int from = Math.max(range.start(), h.keyGroupRange().start());
      int to = Math.min(range.end(), h.keyGroupRange().end());
      for (Map.Entry<String, StateDescriptor.Kind> e : source.kinds().entrySet()) {
        StateDescriptor.Kind known = kinds.putIfAbsent(e.getKey(), e.getValue());
        if (known != null && known != e.getValue()) {
          throw new CorruptCheckpointException("state '" + e.getKey() + "' is a " + e.getValue() + " state in key groups "
              + h.keyGroupRange() + " but a " + known + " state in others");
        }
        long ttl = source.ttl(e.getKey());
        copy(source, source.existingColumn(e.getKey()), target, target.column(e.getKey(), e.getValue(), writes), from, to,
            e.getValue(), ttl, ttlEntries);
        target.recordTtl(e.getKey(), ttl, writes);
      }
    } finally {
      FileTrees.deleteQuietly(dir);
    }
  }

  /** Copies the entries of key groups {@code firstGroup..lastGroup}, without the expired ones of a state with time-to-live {@code ttl}. */
  private void copy(RocksDbInstance source, ColumnFamilyHandle from, RocksDbInstance target, ColumnFamilyHandle to,
                    int firstGroup, int lastGroup, StateDescriptor.Kind kind, long ttl, TtlEntries ttlEntries)
      throws RocksDBException {
    byte[] lower = KeyValueCodec.keyGroupPrefix(firstGroup);
    byte[] upper = KeyValueCodec.keyGroupPrefix(lastGroup + 1);
    try (Slice lowerBound = new Slice(lower);
         Slice upperBound = new Slice(upper);
         ReadOptions reads = new ReadOptions().setIterateLowerBound(lowerBound).setIterateUpperBound(upperBound)
             .setFillCache(false);
         RocksIterator it = source.db.newIterator(from, reads);
         WriteBatch batch = new WriteBatch()) {
      for (it.seek(lower); it.isValid(); it.next()) {
        byte[] value = ttl > 0 ? ttlEntries.convert(it.value(), kind, ttl, ttl, now) : it.value();
        if (value == null) {
          continue;
        }
        batch.put(to, it.key(), value);
        if (batch.getDataSize() >= BATCH_BYTES) {
          target.db.write(writes, batch);
          batch.clear();
        }
      }
      it.status();
      if (batch.count() > 0) {
        target.db.write(writes, batch);
      }
    }
  }
}

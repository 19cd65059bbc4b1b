package io.weir.state.rocksdb;

import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.StateFile;
import io.weir.state.AsyncSnapshot;
import io.weir.state.KeyGroupRange;
import io.weir.state.SnapshotTarget;
import io.weir.util.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous part of RocksDB snapshots: uploads a local RocksDB checkpoint directory and
 * deletes it. Full mode (and every savepoint) writes every file into the checkpoint's folder.
 * Incremental mode writes SST files into the job's shared folder as
 * {@code <file prefix>-c<checkpoint>-<sst name>} (a name is never written twice, so a file a
 * completed checkpoint refers to is never overwritten), and skips SST files that the last
 * checkpoint known to be complete already uploaded: SST files are immutable and their numbers
 * never reused within a database. Files uploaded for a checkpoint that never completed are never
 * reused, and are deleted once a later checkpoint completes (the coordinator has dropped the
 * failed one by then). Uploads run on an I/O thread while the task goes on, so the bookkeeping is
 * synchronized.
 */
final class SnapshotUploader {
  private static final Logger log = LoggerFactory.getLogger(SnapshotUploader.class);

  private final KeyGroupRange range;
  private final boolean incremental;

  /** SST files (by local name) of the last checkpoint known to be complete, and the storage that holds them. */
  private Map<String, StateFile> confirmed = Map.of();
  private String confirmedStorage;
  private CheckpointId lastCompleted = new CheckpointId(-1);
  /** Uploaded incremental snapshots whose checkpoint has not completed yet. */
  private final TreeMap<CheckpointId, Uploaded> pending = new TreeMap<>();
  /** Shared files of checkpoints that will never complete: deleted before the next upload. */
  private final List<Orphan> orphans = new ArrayList<>();

  private record Uploaded(Map<String, StateFile> ssts, List<StateFile> added, CheckpointStorage storage) {
  }

  private record Orphan(StateFile file, CheckpointStorage storage) {
  }

  SnapshotUploader(KeyGroupRange range, boolean incremental) {
    this.range = range;
    this.incremental = incremental;
  }

  /** The asynchronous part for the RocksDB checkpoint in {@code dir}, which it deletes when done. */
  AsyncSnapshot upload(Path dir, SnapshotTarget target) {
    return new AsyncSnapshot() {
      @Override
      public RocksDbStateHandle write() throws Exception {
        try {
          return SnapshotUploader.this.write(dir, target);
        } finally {
          FileTrees.deleteQuietly(dir);
        }
      }

      @Override
      public void release() {
        FileTrees.deleteQuietly(dir);
      }
    };
  }

  private RocksDbStateHandle write(Path dir, SnapshotTarget target) throws IOException {
    boolean shared = incremental && !target.savepoint();
    CheckpointStorage storage = target.storage();
    Map<String, StateFile> reusable = shared ? reusable(storage) : Map.of();
    deleteOrphans();
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.sorted().toList();
    }
    List<RocksDbStateHandle.LocalFile> written = new ArrayList<>();
    Map<String, StateFile> ssts = new HashMap<>();
    List<StateFile> added = new ArrayList<>();
    long uploaded = 0;
    try {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (shared && name.endsWith(".sst")) {
          StateFile f = reusable.get(name);
          if (f == null) {
            f = storage.upload(target.sharedFile(name), file);
            added.add(f);
            uploaded += f.size();
          }
          ssts.put(name, f);
          written.add(new RocksDbStateHandle.LocalFile(name, f, true));
        } else {
          StateFile f = storage.upload(target.file(name), file);
          uploaded += f.size();
          written.add(new RocksDbStateHandle.LocalFile(name, f, false));
        }
      }
    } catch (IOException | RuntimeException e) {
      for (StateFile f : added) {
        deleteQuietly(storage, f);
      }
      throw e;
    }
    if (shared) {
      synchronized (this) {
        if (target.checkpointId().compareTo(lastCompleted) > 0) {
          pending.put(target.checkpointId(), new Uploaded(ssts, added, storage));
        } else {
          added.forEach(f -> orphans.add(new Orphan(f, storage)));
        }
      }
    }
    RocksDbStateHandle handle = new RocksDbStateHandle(range, target.checkpointId().value(), written, uploaded);
    if (log.isDebugEnabled()) {
      log.debug("{} {} of key groups {}: {} files, {} of {} bytes uploaded", target.savepoint() ? "savepoint" : "checkpoint",
          target.checkpointId(), range, written.size(), uploaded, handle.stateSize());
    }
    return handle;
  }

  private synchronized Map<String, StateFile> reusable(CheckpointStorage storage) {
    return storage.uri().equals(confirmedStorage) ? confirmed : Map.of();
  }

  /**
   * Checkpoint {@code id} is complete: its SST files are what later incremental snapshots reuse,
   * and the uploads of earlier checkpoints that are still pending will never be used.
   */
  synchronized void checkpointComplete(CheckpointId id) {
    Uploaded done = pending.remove(id);
    if (done != null) {
      confirmed = done.ssts;
      confirmedStorage = done.storage.uri();
    }
    lastCompleted = max(lastCompleted, id);
    Map<CheckpointId, Uploaded> failed = pending.headMap(id);
    for (Uploaded u : failed.values()) {
      u.added.forEach(f -> orphans.add(new Orphan(f, u.storage)));
    }
    failed.clear();
  }

  /** The backend was restored from {@code handle} as it is: its shared SST files can be reused. */
  synchronized void restoredFrom(RocksDbStateHandle handle, CheckpointStorage storage) {
    Map<String, StateFile> ssts = new HashMap<>();
    for (RocksDbStateHandle.LocalFile f : handle.localFiles()) {
      if (f.shared()) {
        ssts.put(f.name(), f.file());
      }
    }
    confirmed = ssts;
    confirmedStorage = storage.uri();
    lastCompleted = max(lastCompleted, new CheckpointId(handle.checkpointId()));
  }

  private static CheckpointId max(CheckpointId a, CheckpointId b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private void deleteOrphans() {
    List<Orphan> todo;
    synchronized (this) {
      todo = new ArrayList<>(orphans);
      orphans.clear();
    }
    for (Orphan o : todo) {
      deleteQuietly(o.storage, o.file);
    }
  }

  private static void deleteQuietly(CheckpointStorage storage, StateFile file) {
    try {
      storage.delete(file.path());
    } catch (IOException | RuntimeException e) {
      log.debug("could not delete unused state file {}: {}", file.path(), e.toString());
    }
  }
}

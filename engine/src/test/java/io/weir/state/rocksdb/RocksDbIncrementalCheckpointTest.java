package io.weir.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.CheckpointMetadata;
import io.weir.checkpoint.storage.CheckpointLayout;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.checkpoint.storage.StateFile;
import io.weir.cluster.protocol.DeclineCheckpoint;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import io.weir.state.AsyncSnapshot;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyedStateHandle;
import io.weir.state.SnapshotTarget;
import io.weir.state.StateBackendKind;
import io.weir.testing.CheckpointAcks;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental checkpoints: what is uploaded, what is shared, and what the coordinator may delete. */
class RocksDbIncrementalCheckpointTest {
  private static final KeyGroupRange ALL = new KeyGroupRange(0, 127);
  private static final Pattern UPLOADED_BY = Pattern.compile("-c(\\d+)-\\d+\\.sst$");

  @TempDir
  Path tmp;

  private RocksDbKeyedStateBackend backend(String dir, boolean incremental) {
    return new RocksDbKeyedStateBackend(ALL, 128, tmp.resolve(dir), StateBackendKind.testRocksDb(), incremental);
  }

  private static String randomValue(SplittableRandom random) {
    StringBuilder s = new StringBuilder();
    int length = 60 + random.nextInt(60);
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }

  private static void apply(RocksDbKeyedStateBackend b, Map<Long, String> changes) {
    ValueState<String> value = b.valueState(new ValueStateDescriptor<>("value"));
    changes.forEach((k, v) -> {
      b.setCurrentKey(k);
      value.update(v);
    });
  }

  private static void assertHolds(RocksDbKeyedStateBackend b, Map<Long, String> expected) throws Exception {
    ValueState<String> value = b.valueState(new ValueStateDescriptor<>("value"));
    Set<Object> keys = new HashSet<>();
    b.forEachKey("value", keys::add);
    assertThat(keys).isEqualTo(expected.keySet());
    for (Map.Entry<Long, String> e : expected.entrySet()) {
      b.setCurrentKey(e.getKey());
      assertThat(value.value()).as("value of key %s", e.getKey()).isEqualTo(e.getValue());
    }
  }

  private static long checkpointOf(StateFile shared) {
    Matcher m = UPLOADED_BY.matcher(shared.path());
    assertThat(m.find()).as("shared file name %s", shared.path()).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void incrementalCheckpointsUploadOnlyNewFilesAndTheCoordinatorKeepsExactlyWhatRetainedCheckpointsNeed()
      throws Exception {
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
    CoordinatorHarness job = new CoordinatorHarness(storage, 3);
    String shared = CheckpointLayout.sharedFolder(job.job);
    RocksDbKeyedStateBackend b = backend("local", true);
    SplittableRandom random = new SplittableRandom(7);
    Map<Long, String> model = new HashMap<>();
    long nextKey = 0;
    Map<Long, Map<Long, String>> stateAt = new TreeMap<>();
    Set<Long> failed = new HashSet<>();
    Map<String, StateFile> lastCompletedSsts = Map.of();
    Set<String> everShared = new HashSet<>();
    long reused = 0;
    long uploadedTotal = 0;
    long sizeTotal = 0;
    try {
      for (int round = 0; round < 24; round++) {
        Map<Long, String> changes = new HashMap<>();
        int inserts = round == 0 ? 6000 : 300;
        for (int i = 0; i < inserts; i++) {
          changes.put(nextKey++, randomValue(random));
        }
        for (int i = 0; i < 300 && nextKey > 0; i++) {
          changes.put(random.nextLong(nextKey), randomValue(random));
        }
        apply(b, changes);
        model.putAll(changes);

        long id = job.trigger();
        SnapshotTarget target = StateBackendKindTargets.of(storage, job, id);
        AsyncSnapshot async = b.snapshot(target);
        Map<Long, String> snapshotState = new HashMap<>(model);
        Map<Long, String> late = new HashMap<>();
        for (int i = 0; i < 100; i++) {
          late.put(random.nextLong(nextKey), "late-" + round);
        }
        apply(b, late);
        model.putAll(late);

        if (round == 9) {
          // aborted before this task uploaded anything: the snapshot is released
          job.coordinator.decline(new DeclineCheckpoint(job.source, new CheckpointId(id), "declined by the test"));
          async.release();
          failed.add(id);
          continue;
        }
        RocksDbStateHandle h = (RocksDbStateHandle) async.write();
        job.coordinator.acknowledge(CheckpointAcks.of(job.keyed, id).keyed(h).build());
        if (round == 5 || round == 13 || round == 14) {
          // uploaded, then another task declines: the files must never be reused
          job.coordinator.decline(new DeclineCheckpoint(job.source, new CheckpointId(id), "declined by the test"));
          failed.add(id);
          continue;
        }
        job.coordinator.acknowledge(CheckpointAcks.of(job.source, id).build());
        assertThat(job.completed(id)).as("checkpoint %s completed", id).isTrue();
        stateAt.put(id, snapshotState);

        // only SST files the last completed checkpoint did not have were uploaded, by this checkpoint
        long expectedUpload = 0;
        Map<String, StateFile> ssts = new HashMap<>();
        for (RocksDbStateHandle.LocalFile f : h.localFiles()) {
          if (!f.shared()) {
            assertThat(f.name()).doesNotEndWith(".sst");
            expectedUpload += f.file().size();
            continue;
          }
          ssts.put(f.name(), f.file());
          everShared.add(f.file().path());
          StateFile before = lastCompletedSsts.get(f.name());
          if (before != null) {
            assertThat(f.file()).isEqualTo(before);
            reused++;
          } else {
            assertThat(checkpointOf(f.file())).as("uploader of new file %s", f.file().path()).isEqualTo(id);
            expectedUpload += f.file().size();
          }
          assertThat(failed).as("%s comes from a checkpoint that did not complete", f.file().path())
              .doesNotContain(checkpointOf(f.file()));
        }
        assertThat(h.uploadedSize()).isEqualTo(expectedUpload);
        uploadedTotal += h.uploadedSize();
        sizeTotal += h.stateSize();
        b.checkpointComplete(new CheckpointId(id));
        lastCompletedSsts = ssts;

        assertStorageHoldsRetainedCheckpoints(storage, job, shared, failed);
      }
      // two clean checkpoints later, even the files of failed checkpoints are gone
      Set<String> left = listed(storage, shared);
      assertThat(left).isEqualTo(retainedShared(job));
      assertThat(everShared).as("compactions replaced files, and the coordinator deleted those no longer needed")
          .hasSizeGreaterThan(left.size());

      assertThat(reused).as("SST files reused from earlier checkpoints").isPositive();
      assertThat(uploadedTotal).isLessThan(sizeTotal / 2);
    } finally {
      b.close();
    }

    // the oldest and the newest retained checkpoint restore exactly the state they snapshot, from their metadata
    List<CheckpointMetadata> retained = job.coordinator.retained();
    assertThat(retained).hasSize(3);
    for (CheckpointMetadata m : List.of(retained.get(0), retained.get(retained.size() - 1))) {
      CheckpointMetadata onDisk = CheckpointMetadata.decode(
          storage.readFully(CheckpointLayout.checkpointMetadata(job.job, m.checkpointId())), "checkpoint " + m.id());
      RocksDbKeyedStateBackend restored = backend("restored-" + m.id(), true);
      try {
        restored.restore(onDisk.keyed().get("counter"), storage);
        assertHolds(restored, stateAt.get(m.id()));
      } finally {
        restored.close();
      }
    }
  }

  /** Every file of every retained checkpoint is there and intact; nothing of discarded ones is left. */
  private static void assertStorageHoldsRetainedCheckpoints(DirectoryCheckpointStorage storage, CoordinatorHarness job,
                                                            String shared, Set<Long> failed) throws Exception {
    Set<String> folders = new HashSet<>(storage.list(job.job.value()));
    Set<String> expectedFolders = new HashSet<>();
    expectedFolders.add(CheckpointLayout.SHARED);
    for (CheckpointMetadata m : job.coordinator.retained()) {
      expectedFolders.add(CheckpointLayout.checkpointFolderName(m.checkpointId()));
      for (StateFile f : m.files()) {
        try (InputStream in = storage.open(f)) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
    }
    assertThat(folders).isEqualTo(expectedFolders);
    Set<String> needed = retainedShared(job);
    Set<String> present = listed(storage, shared);
    assertThat(present).containsAll(needed);
    for (String extra : present) {
      if (!needed.contains(extra)) {
        // a file of a checkpoint that did not complete, deleted with the next upload
        assertThat(failed).as("unneeded shared file %s", extra).contains(checkpointOf(new StateFile(extra, 0, 0)));
      }
    }
  }

  private static Set<String> retainedShared(CoordinatorHarness job) {
    Set<String> paths = new HashSet<>();
    for (CheckpointMetadata m : job.coordinator.retained()) {
      m.sharedFiles().forEach(f -> paths.add(f.path()));
    }
    return paths;
  }

  private static Set<String> listed(CheckpointStorage storage, String folder) throws Exception {
    Set<String> paths = new HashSet<>();
    for (String name : storage.list(folder)) {
      paths.add(folder + "/" + name);
    }
    return paths;
  }

  @Test
  void anIncrementalCheckpointAfterChangingOnePercentOfKeysUploadsFarLessThanTheFullSize() throws Exception {
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
    RocksDbKeyedStateBackend b = backend("local", true);
    SplittableRandom random = new SplittableRandom(11);
    Map<Long, String> model = new HashMap<>();
    int keys = 100_000;
    RocksDbStateHandle first;
    RocksDbStateHandle second;
    try {
      for (long k = 0; k < keys; k++) {
        model.put(k, randomValue(random));
      }
      apply(b, model);
      b.compact();
      first = (RocksDbStateHandle) b.snapshot(StateBackendKind.target(storage, "job", 1, 0)).write();
      b.checkpointComplete(new CheckpointId(1));

      Map<Long, String> changes = new HashMap<>();
      while (changes.size() < keys / 100) {
        changes.put(random.nextLong(keys), randomValue(random));
      }
      apply(b, changes);
      model.putAll(changes);
      second = (RocksDbStateHandle) b.snapshot(StateBackendKind.target(storage, "job", 2, 0)).write();
    } finally {
      b.close();
    }
    assertThat(first.uploadedSize()).isEqualTo(first.stateSize());
    assertThat(first.stateSize()).isGreaterThan(5L << 20);
    assertThat(second.stateSize()).isGreaterThan(first.stateSize());
    assertThat(second.uploadedSize()).isLessThan(second.stateSize() / 10);
    assertThat(second.sharedFiles()).containsAll(first.sharedFiles());

    RocksDbKeyedStateBackend restored = backend("restored", true);
    try {
      restored.restore(List.of(second), storage);
      assertHolds(restored, model);
    } finally {
      restored.close();
    }
  }

  @Test
  void fullSnapshotsAndSavepointsUploadEveryFileAsTheirOwn() throws Exception {
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
    DirectoryCheckpointStorage savepoints = new DirectoryCheckpointStorage(tmp.resolve("savepoint"));
    Map<Long, String> model = new HashMap<>();
    SplittableRandom random = new SplittableRandom(3);
    for (long k = 0; k < 5000; k++) {
      model.put(k, randomValue(random));
    }
    RocksDbKeyedStateBackend full = backend("full", false);
    RocksDbKeyedStateBackend incremental = backend("incremental", true);
    KeyedStateHandle fullHandle;
    KeyedStateHandle savepoint;
    try {
      apply(full, model);
      full.snapshot(StateBackendKind.target(storage, "job", 1, 0)).write();
      full.checkpointComplete(new CheckpointId(1));
      fullHandle = full.snapshot(StateBackendKind.target(storage, "job", 2, 0)).write();

      apply(incremental, model);
      incremental.snapshot(StateBackendKind.target(storage, "job", 1, 1)).write();
      incremental.checkpointComplete(new CheckpointId(1));
      savepoint = incremental.snapshot(SnapshotTarget.of(savepoints, new JobId("job"), new TaskId(1, 0), 0, new CheckpointId(2), true)).write();
    } finally {
      full.close();
      incremental.close();
    }
    for (KeyedStateHandle h : List.of(fullHandle, savepoint)) {
      assertThat(h.sharedFiles()).isEmpty();
      assertThat(h.uploadedSize()).isEqualTo(h.stateSize());
    }
    assertThat(fullHandle.files()).allMatch(f -> f.path().startsWith("job/chk-2/"));
    assertThat(savepoints.list("")).doesNotContain("shared");

    storage.deleteRecursively("job");
    RocksDbKeyedStateBackend restored = backend("restored", true);
    try {
      restored.restore(List.of(savepoint), savepoints);
      assertHolds(restored, model);
    } finally {
      restored.close();
    }
  }

  /** Targets named as the task checkpointer names them, for the harness's job. */
  private static final class StateBackendKindTargets {
    static SnapshotTarget of(CheckpointStorage storage, CoordinatorHarness job, long id) {
      return StateBackendKind.target(storage, job.job.value(), id, 0);
    }
  }
}

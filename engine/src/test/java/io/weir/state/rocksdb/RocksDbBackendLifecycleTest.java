package io.weir.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.checkpoint.storage.StateFile;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyGroups;
import io.weir.state.StateAccessException;
import io.weir.state.StateBackendKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, restoring and closing the RocksDB backend leaves nothing behind: no directories, no open files. */
class RocksDbBackendLifecycleTest {
  private static final KeyGroupRange ALL = new KeyGroupRange(0, 127);

  @TempDir
  Path tmp;

  private static long openFileDescriptors() throws Exception {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static void fill(RocksDbKeyedStateBackend b, int keys) {
    ValueState<Long> value = b.valueState(new ValueStateDescriptor<>("value"));
    for (long k = 0; k < keys; k++) {
      b.setCurrentKey(k);
      value.update(k * 3);
    }
  }

  @Test
  void fiftyRestoreAndCloseCyclesLeaveNoDirectoriesAndNoOpenFiles() throws Exception {
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
    Path locals = tmp.resolve("locals");
    RocksDbKeyedStateBackend source = new RocksDbKeyedStateBackend(ALL, 128, locals.resolve("source"),
        StateBackendKind.testRocksDb(), true);
    RocksDbStateHandle whole;
    List<RocksDbStateHandle> halves = new ArrayList<>();
    try {
      fill(source, 5_000);
      whole = (RocksDbStateHandle) source.snapshot(StateBackendKind.target(storage, "job", 1, 0)).write();
    } finally {
      source.close();
    }
    for (int i = 0; i < 2; i++) {
      KeyGroupRange half = KeyGroups.rangeOf(i, 2, 128);
      RocksDbKeyedStateBackend part = new RocksDbKeyedStateBackend(half, 128, locals.resolve("half"),
          StateBackendKind.testRocksDb(), true);
      try {
        part.restore(List.of(whole), storage);
        halves.add((RocksDbStateHandle) part.snapshot(StateBackendKind.target(storage, "job", 2, i)).write());
      } finally {
        part.close();
      }
    }
    StateFile sst = whole.localFiles().stream().filter(f -> f.name().endsWith(".sst")).findFirst().orElseThrow().file();
    RocksDbStateHandle broken = new RocksDbStateHandle(ALL, 1, whole.localFiles().stream()
        .map(f -> f.file().equals(sst) ? new RocksDbStateHandle.LocalFile(f.name(),
            new StateFile(f.file().path(), f.file().size(), f.file().checksum() + 1), f.shared()) : f).toList(), 0);

    cycle(locals, storage, List.of(whole), 0, ALL);
    long before = openFileDescriptors();
    for (int i = 0; i < 50; i++) {
      switch (i % 5) {
        case 0, 1 -> cycle(locals, storage, List.of(whole), i, ALL);
        case 2 -> cycle(locals, storage, halves, i, ALL);
        case 3 -> cycle(locals, storage, List.of(whole), i, KeyGroups.rangeOf(1, 3, 128));
        default -> {
          RocksDbKeyedStateBackend b = new RocksDbKeyedStateBackend(ALL, 128, locals.resolve("cycle-" + i),
              StateBackendKind.testRocksDb(), true);
          fill(b, 10);
          assertThatThrownBy(() -> b.restore(List.of(broken), storage)).isInstanceOf(CorruptCheckpointException.class)
              .hasMessageContaining(sst.path());
          b.close();
        }
      }
      try (Stream<Path> left = Files.list(locals)) {
        assertThat(left).as("local directories after cycle %s", i).isEmpty();
      }
    }
    assertThat(openFileDescriptors()).isLessThanOrEqualTo(before);
  }

  /** Opens a backend, restores it, reads and writes, snapshots, closes. */
  private static void cycle(Path locals, DirectoryCheckpointStorage storage, List<RocksDbStateHandle> handles, int i,
                            KeyGroupRange range) throws Exception {
    Path dir = locals.resolve("cycle-" + i);
    RocksDbKeyedStateBackend b = new RocksDbKeyedStateBackend(range, 128, dir, StateBackendKind.testRocksDb(), true);
    ValueState<Long> value = b.valueState(new ValueStateDescriptor<>("value"));
    b.restore(new ArrayList<>(handles), storage);
    long key = 0;
    while (!range.contains(KeyGroups.assign(key, 128))) {
      key++;
    }
    b.setCurrentKey(key);
    assertThat(value.value()).isEqualTo(key * 3);
    value.update(-1L);
    b.snapshot(StateBackendKind.target(storage, "cycles", 100 + i, 0)).write();
    assertThat(dir).exists();
    b.close();
    assertThat(dir).doesNotExist();
  }

  @Test
  void aClosedBackendFailsCleanlyAndClosingTwiceIsHarmless() {
    Path dir = tmp.resolve("local");
    RocksDbKeyedStateBackend b = new RocksDbKeyedStateBackend(ALL, 128, dir, StateBackendKind.testRocksDb(), false);
    ValueState<Long> value = b.valueState(new ValueStateDescriptor<>("value"));
    b.setCurrentKey(1L);
    value.update(1L);
    b.close();
    b.close();
    assertThat(dir).doesNotExist();
    assertThatThrownBy(value::value).isInstanceOf(StateAccessException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> b.valueState(new ValueStateDescriptor<>("other")))
        .isInstanceOf(StateAccessException.class).hasMessageContaining("closed");
  }

  @Test
  void aReleasedSnapshotLeavesNoLocalCheckpoint() throws Exception {
    Path dir = tmp.resolve("local");
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
    RocksDbKeyedStateBackend b = new RocksDbKeyedStateBackend(ALL, 128, dir, StateBackendKind.testRocksDb(), true);
    try {
      fill(b, 100);
      b.snapshot(StateBackendKind.target(storage, "job", 1, 0)).release();
      b.snapshot(StateBackendKind.target(storage, "job", 2, 0)).write();
      try (Stream<Path> entries = Files.list(dir)) {
        assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("db-0");
      }
      assertThat(storage.list("job")).containsExactlyInAnyOrder("chk-2", "shared");
    } finally {
      b.close();
    }
  }
}

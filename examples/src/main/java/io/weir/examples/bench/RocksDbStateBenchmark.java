package io.weir.examples.bench;

import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.config.Settings;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import io.weir.state.AsyncSnapshot;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyedStateHandle;
import io.weir.state.SnapshotTarget;
import io.weir.state.rocksdb.RocksDbKeyedStateBackend;
import io.weir.util.ByteSizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Measures the RocksDB state backend directly (no job, no network): a keyed count over many keys
 * (set the current key, read a {@code ValueState<Long>}, write it back), then a checkpoint that
 * uploads everything, incremental checkpoints after 1% of the keys changed, and a restore. The
 * settings are the built-in defaults ({@code state.rocksdb.*} in weir.json), checkpoint storage a
 * local directory. Prints the figures; asserts only that the restored counts are right.
 *
 * <p>Usage: {@code RocksDbStateBenchmark [keys (10000000)] [work directory (a new temp directory)]}
 */
public final class RocksDbStateBenchmark {
  private static final int MAX_PARALLELISM = 128;

  private RocksDbStateBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 10_000_000;
    boolean ownWork = args.length <= 1;
    Path work = ownWork ? Files.createTempDirectory("weir-rocksdb-bench") : Path.of(args[1]);
    Settings.RocksDb settings = WeirConfig.defaults().state().rocksdb();
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(work.resolve("checkpoints"));
    KeyGroupRange all = new KeyGroupRange(0, MAX_PARALLELISM - 1);
    System.out.printf(Locale.ROOT, "RocksDB state backend: %,d keys, %d cores, heap %s, block cache %s, write buffer %s x %d, %s, %d background jobs%n",
        keys, Runtime.getRuntime().availableProcessors(), bytes(Runtime.getRuntime().maxMemory()),
        bytes(settings.blockCache()), bytes(settings.writeBuffer()), settings.maxWriteBuffers(), settings.compression(),
        settings.backgroundJobs());

    int[] expected = new int[keys];
    SplittableRandom random = new SplittableRandom(42);
    RocksDbKeyedStateBackend backend = new RocksDbKeyedStateBackend(all, MAX_PARALLELISM, work.resolve("local"),
        settings, true);
    KeyedStateHandle last;
    try {
      ValueState<Long> count = backend.valueState(new ValueStateDescriptor<>("count", 0L));

      long start = System.nanoTime();
      for (int k = 0; k < keys; k++) {
        increment(backend, count, k, expected);
      }
      report("count, every key once (all new)", keys, System.nanoTime() - start);

      start = System.nanoTime();
      for (int i = 0; i < keys; i++) {
        increment(backend, count, random.nextInt(keys), expected);
      }
      report("count, random existing keys", keys, System.nanoTime() - start);

      start = System.nanoTime();
      backend.compact();
      System.out.printf(Locale.ROOT, "%-44s %8.1f s   (settles the LSM tree before the first checkpoint; %s of SST files)%n",
          "full compaction", seconds(System.nanoTime() - start), bytes(backend.longProperty("rocksdb.total-sst-files-size")));

      CheckpointId checkpointId = new CheckpointId(1);
      KeyedStateHandle full = checkpoint(backend, storage, checkpointId, "checkpoint 1 (nothing to reuse: uploads all)");
      backend.checkpointComplete(checkpointId);
      last = full;
      for (int round = 1; round <= 5; round++) {
        int changed = keys / 100;
        start = System.nanoTime();
        for (int i = 0; i < changed; i++) {
          increment(backend, count, random.nextInt(keys), expected);
        }
        long updateNanos = System.nanoTime() - start;
        checkpointId = checkpointId.next();
        KeyedStateHandle h = checkpoint(backend, storage, checkpointId, "checkpoint " + checkpointId
            + " (incremental, after 1% of keys changed)");
        backend.checkpointComplete(checkpointId);
        System.out.printf(Locale.ROOT, "%-44s %8.1f %%  of the full size (updates took %.1f s)%n", "  uploaded / full size",
            100.0 * h.uploadedSize() / h.stateSize(), seconds(updateNanos));
        last = h;
      }
    } finally {
      backend.close();
    }

    RocksDbKeyedStateBackend restored = new RocksDbKeyedStateBackend(all, MAX_PARALLELISM, work.resolve("restored"),
        settings, true);
    try {
      long start = System.nanoTime();
      restored.restore(List.of(last), storage);
      System.out.printf(Locale.ROOT, "%-44s %8.1f s   (%s downloaded and opened)%n", "restore of the last checkpoint",
          seconds(System.nanoTime() - start), bytes(last.stateSize()));
      ValueState<Long> count = restored.valueState(new ValueStateDescriptor<>("count", 0L));
      int sample = Math.min(keys, 1_000_000);
      start = System.nanoTime();
      for (int i = 0; i < sample; i++) {
        int k = random.nextInt(keys);
        restored.setCurrentKey((long) k);
        long value = count.value();
        if (value != expected[k]) {
          throw new AssertionError("key " + k + " restored with count " + value + ", expected " + expected[k]);
        }
      }
      report("reads after restore, random keys (verified)", sample, System.nanoTime() - start);
    } finally {
      restored.close();
      deleteRecursively(work.resolve("checkpoints"));
      if (ownWork) {
        deleteRecursively(work);
      }
    }
  }

  private static void increment(RocksDbKeyedStateBackend backend, ValueState<Long> count, int key, int[] expected) {
    backend.setCurrentKey((long) key);
    count.update(count.value() + 1);
    expected[key]++;
  }

  private static KeyedStateHandle checkpoint(RocksDbKeyedStateBackend backend, DirectoryCheckpointStorage storage,
                                             CheckpointId id, String label) throws Exception {
    SnapshotTarget target = SnapshotTarget.of(storage, new JobId("bench"), new TaskId(1, 0), 0, id, false);
    long start = System.nanoTime();
    AsyncSnapshot async = backend.snapshot(target);
    long sync = System.nanoTime() - start;
    KeyedStateHandle handle = async.write();
    long total = System.nanoTime() - start;
    System.out.printf(Locale.ROOT, "%-44s %8.2f s   (synchronous part %.0f ms), uploaded %s of %s in %d files%n", label,
        seconds(total), sync / 1e6, bytes(handle.uploadedSize()), bytes(handle.stateSize()), handle.files().size());
    return handle;
  }

  private static void report(String what, long operations, long nanos) {
    System.out.printf(Locale.ROOT, "%-44s %8.1f s   %,12.0f ops/s%n", what, seconds(nanos), operations / seconds(nanos));
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static String bytes(long n) {
    return ByteSizes.format(n);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

package io.weir.verticles;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.checkpoint.storage.StateFile;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskRestore;
import io.weir.config.Settings;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.runtime.TaskId;
import io.weir.runtime.network.MessageRecordCodec;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyedStateBackend;
import io.weir.state.KeyedStateHandle;
import io.weir.state.SnapshotTarget;
import io.weir.state.StateBackends;
import io.weir.state.heap.HeapKeyedStateHandle;
import io.weir.util.FileTrees;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rehearses, once when a worker starts and before it registers, the first steps of deploying a
 * task: decoding a deployment, building a job's graph, and taking and restoring a small snapshot of
 * keyed state with the worker's default state backend (files in a folder of the worker's own that
 * is deleted afterwards). A worker started to replace a lost one is otherwise cold when the
 * restarted tasks reach it, and every class, serializer and native library the deployment needs is
 * loaded while the job waits: on a fresh JVM the first {@link DeployTask} took 615 ms to encode and
 * 106 ms to decode and the first graph 77 ms to build; the next ones about 1 ms each.
 */
final class WorkerWarmup {
  private static final Logger log = LoggerFactory.getLogger(WorkerWarmup.class);

  private static final int MAX_PARALLELISM = 128;
  private static final int KEYS = 1000;

  private WorkerWarmup() {
  }

  /**
   * Runs the rehearsal (blocking: on a worker thread) in {@code scratch}, which is deleted after;
   * returns whether it ran through. A failure is logged, never fatal: the worker is only colder.
   */
  static boolean run(String worker, Settings.State state, Path scratch) {
    long start = System.nanoTime();
    try {
      rehearseDeployment(worker);
      rehearseState(state, scratch);
      log.debug("worker {} rehearsed a deployment in {} ms", worker, (System.nanoTime() - start) / 1_000_000);
      return true;
    } catch (Exception e) {
      log.debug("worker {} could not rehearse a deployment: {}", worker, e.toString());
      return false;
    } finally {
      FileTrees.deleteQuietly(scratch);
    }
  }

  private static void rehearseDeployment(String worker) {
    JobSpec spec = new JobSpec("keyed-count", List.of("--events", "10"), 1, new JsonObject());
    TaskAttempt attempt = new TaskAttempt(new JobId("warm-up"), new TaskId(0, 0), 1);
    TaskRestore restore = new TaskRestore.FromCheckpoint(new CheckpointId(1), "directory:/warm-up",
        List.of(new HeapKeyedStateHandle(new KeyGroupRange(0, 127), new StateFile("warm-up/chk-1/state", 1, 1))),
        Map.of("source", List.of(new byte[1])));
    DeployTask deploy = new DeployTask(0, attempt, spec, WeirConfig.defaults().toJson(), "directory:/warm-up", restore,
        Map.of(attempt.task(), worker));
    MessageRecordCodec codec = new MessageRecordCodec();
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, deploy);
    DeployTask back = (DeployTask) codec.decodeFromWire(0, wire);
    back.spec().build(WeirConfig.fromJson(back.clusterConfig()));
  }

  private static void rehearseState(Settings.State state, Path scratch) throws Exception {
    KeyGroupRange range = new KeyGroupRange(0, MAX_PARALLELISM - 1);
    CheckpointStorage storage = new DirectoryCheckpointStorage(scratch.resolve("checkpoints"));
    KeyedStateHandle handle;
    KeyedStateBackend written = StateBackends.create(state, range, MAX_PARALLELISM, scratch.resolve("written"));
    try {
      ValueState<Long> count = written.valueState(new ValueStateDescriptor<>("count"));
      ValueState<byte[]> payload = written.valueState(new ValueStateDescriptor<>("payload"));
      for (long k = 0; k < KEYS; k++) {
        written.setCurrentKey(k % 2 == 0 ? k : "k" + k);
        count.update(k);
        payload.update(new byte[16]);
      }
      handle = written.snapshot(SnapshotTarget.of(storage, new JobId("warm-up"), new TaskId(0, 0), 0, new CheckpointId(1),
          false)).write();
    } finally {
      written.close();
    }
    KeyedStateBackend restored = StateBackends.create(state, range, MAX_PARALLELISM, scratch.resolve("restored"));
    try {
      restored.restore(List.of(handle), storage);
    } finally {
      restored.close();
    }
  }
}

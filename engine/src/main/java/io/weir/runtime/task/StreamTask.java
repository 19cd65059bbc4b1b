package io.weir.runtime.task;

import io.weir.checkpoint.BarrierHandler;
import io.weir.checkpoint.CheckpointId;
import io.weir.cluster.protocol.CheckpointAborted;
import io.weir.cluster.protocol.CheckpointComplete;
import io.weir.cluster.protocol.CreditGrant;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.FinishTask;
import io.weir.cluster.protocol.StartTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskFinished;
import io.weir.cluster.protocol.TaskFirstRecord;
import io.weir.cluster.protocol.TaskInputEnded;
import io.weir.cluster.protocol.TaskProgress;
import io.weir.cluster.protocol.TaskRunning;
import io.weir.cluster.protocol.TriggerCheckpoint;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobSpec;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.TaskVertex;
import io.weir.runtime.graph.Vertex;
import io.weir.runtime.network.CheckpointBarrier;
import io.weir.runtime.network.DataBatch;
import io.weir.runtime.network.RecordWriter;
import io.weir.runtime.operator.Output;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask attempt of a chain: builds its operators from the job's graph, restores their state,
 * reads its input channels (or its source), pushes records through the chain into its record
 * writers, and takes its part of checkpoints. Everything runs on the task's own ordered context;
 * nothing here blocks an event loop. The task verticle wires it to the event bus.
 */
public final class StreamTask implements BarrierHandler.Actions {
  private static final Logger log = LoggerFactory.getLogger(StreamTask.class);
  private static final long PROGRESS_INTERVAL_MS = 1000;

  private final DeployTask deployment;
  private final TaskAttempt attempt;
  private final TaskEnvironment env;
  private final Path localDir;

  private JobGraph graph;
  private TaskVertex vertex;
  private WeirConfig config;
  private TaskState state = TaskState.CREATED;

  private SourceDriver source;
  private OperatorChain chain;
  private Output chainInput;
  private TaskInput input;
  private TaskCheckpointer checkpointer;

  private long recordsIn;
  private boolean firstRecordReported;
  private boolean sinkBlocked;
  private long flushTimer = -1;
  private long progressTimer = -1;

  public StreamTask(DeployTask deployment, TaskEnvironment env, Path localDir) {
    this.deployment = deployment;
    this.attempt = deployment.attempt();
    this.env = env;
    this.localDir = localDir;
  }

  public TaskAttempt attempt() {
    return attempt;
  }

  public TaskState state() {
    return state;
  }

  public long recordsIn() {
    return recordsIn;
  }

  public long recordsOut() {
    return chain == null ? 0 : chain.recordsOut();
  }

  /** Buffered input batches (for tests of bounded memory). */
  public int bufferedInput() {
    return input == null ? 0 : input.buffered();
  }

  /** The state of this task's channels, in words. */
  public String diagnostics() {
    StringBuilder b = new StringBuilder();
    if (input != null) {
      b.append("input: ").append(input.describe());
    }
    if (chain != null && !chain.writers().isEmpty()) {
      b.append(b.length() > 0 ? "; " : "").append(chain.describeOutputs());
    }
    if (sinkBlocked) {
      b.append("; the sink is backpressured");
    }
    return b.toString();
  }

  public boolean backpressured() {
    return !outputsWritable();
  }

  public String name() {
    return vertex == null ? attempt.toString() : vertex.name() + " (" + (attempt.task().subtask() + 1) + "/"
        + vertex.parallelism() + ")";
  }

  private void moveTo(TaskState target) {
    state = state.moveTo(target);
  }

  // ---------------------------------------------------------------- deployment

  /** Builds the chain and restores its state. Throws when the task cannot run; the caller reports it. */
  public void open() throws Exception {
    long openedAt = System.nanoTime();
    moveTo(TaskState.DEPLOYING);
    JobSpec.Built built = deployment.spec().build(WeirConfig.fromJson(deployment.clusterConfig()));
    graph = built.graph();
    config = built.config();
    vertex = graph.task(attempt.task().vertex());
    chain = new OperatorChain(graph, vertex, config, attempt, env, localDir, writability);
    chain.open(this::sinkWritable);
    chainInput = chain.input();
    if (!vertex.isSource()) {
      input = new TaskInput(this, graph, vertex, config, env);
    }
    long builtAt = System.nanoTime();
    OperatorChain.Restored restored = chain.restore(deployment.restore());
    long restoredAt = System.nanoTime();
    if (vertex.isSource()) {
      source = new SourceDriver(this, vertex.head(), attempt.task().subtask(), vertex.parallelism(), env);
      source.assign(restored.headState());
      source.open(chainInput);
    }
    chain.startTimers(e -> fail(e, "timer"));
    checkpointer = new TaskCheckpointer(this, env, deployment.checkpointStorage());
    // the handshakes travel while the other tasks deploy; no record is sent before start()
    chain.connectOutputs(this::fail);
    env.report(new TaskRunning(attempt, env.currentTimeMillis(), restored.keyedBytes()));
    log.debug("task {} of job {} deployed (attempt {}) in {} ms: chain built in {} ms, state restored in {} ms", name(),
        attempt.job(), attempt.attempt(), (System.nanoTime() - openedAt) / 1_000_000, (builtAt - openedAt) / 1_000_000,
        (restoredAt - builtAt) / 1_000_000);
  }

  // ---------------------------------------------------------------- messages

  /** Every task of the attempt is deployed (and this one connected its outputs in open): grant credits, start reading. */
  public void start() {
    if (state != TaskState.DEPLOYING) {
      return; // started already, or stopped
    }
    moveTo(TaskState.RUNNING);
    if (input != null) {
      input.start();
    }
    flushTimer = env.setPeriodic(Math.max(1, config.network().flushInterval().toMillis()), this::flushOutputs);
    progressTimer = env.setPeriodic(PROGRESS_INTERVAL_MS, this::reportProgress);
    if (source != null) {
      source.resume();
    }
  }

  public void onData(DataBatch batch) {
    if (state == TaskState.RUNNING || state == TaskState.DEPLOYING) {
      input.receive(batch);
    }
  }

  public void onControl(Record message) {
    if (message instanceof CreditGrant c) {
      RecordWriter writer = chain.writer(c.edge());
      if (c.attempt() == attempt.attempt() && writer != null) {
        writer.grant(c.receiverSubtask(), c.limit());
      }
    } else if (message instanceof StartTask) {
      start();
    } else if (message instanceof TriggerCheckpoint t) {
      if (state == TaskState.RUNNING && source != null) {
        try {
          checkpointer.snapshot(t.barrier(), 0);
        } catch (Throwable e) {
          fail(e, "checkpoint " + t.barrier().id());
        }
      }
    } else if (message instanceof CheckpointComplete c) {
      if (state == TaskState.RUNNING) {
        try {
          checkpointer.complete(c.checkpointId());
        } catch (Throwable e) {
          fail(e, "commit of checkpoint " + c.checkpointId());
        }
      }
    } else if (message instanceof CheckpointAborted a) {
      if (input != null) {
        input.aborted(a.checkpointId());
      }
      checkpointer.aborted(a.checkpointId());
    } else if (message instanceof FinishTask f) {
      finish(f.finalCheckpoint());
    }
  }

  // ---------------------------------------------------------------- processing

  /** Whether records may be emitted: no writer is blocked and the sink takes more (checked per source record). */
  boolean outputsWritable() {
    return blockedWriters == 0 && !sinkBlocked;
  }

  private int blockedWriters;

  private final RecordWriter.WritabilityListener writability = new RecordWriter.WritabilityListener() {
    @Override
    public void writable() {
      blockedWriters--;
      outputWritable();
    }

    @Override
    public void unwritable() {
      blockedWriters++;
    }
  };

  private void outputWritable() {
    if (outputsWritable()) {
      if (source != null) {
        source.resume();
      } else {
        input.drainLater();
      }
    }
  }

  /** A sink of the chain stopped or started taking records. */
  private void sinkWritable(boolean writable) {
    boolean was = sinkBlocked;
    sinkBlocked = !writable;
    if (was && writable) {
      outputWritable(); // resumes the source of a source task, drains the input of any other
    }
  }

  /** {@code count} records went into the chain (from the source, or from the input). */
  void processed(long count) {
    recordsIn += count;
    if (!firstRecordReported && count > 0) {
      firstRecordReported = true;
      log.debug("task {} of job {} processed its first records (attempt {})", name(), attempt.job(), attempt.attempt());
      env.report(new TaskFirstRecord(attempt, env.currentTimeMillis()));
    }
  }

  /** All input has been processed (every channel ended, or the source is exhausted). */
  void endInput() throws Exception {
    if (!checkpointer.endInput()) {
      return; // ended already
    }
    chain.endInput();
    reportProgress();
    env.report(new TaskInputEnded(attempt));
    log.debug("task {} of job {} reached the end of its input after {} records", name(), attempt.job(), recordsIn);
  }

  private void reportProgress() {
    env.report(new TaskProgress(attempt, recordsIn, recordsOut(), backpressured(), diagnostics()));
  }

  private void flushOutputs() {
    if (state == TaskState.RUNNING) {
      chain.flush();
    }
  }

  // ---------------------------------------------------------------- checkpoints

  @Override
  public void snapshot(CheckpointBarrier barrier, long alignmentNanos) throws Exception {
    checkpointer.snapshot(barrier, alignmentNanos);
  }

  @Override
  public void abandoned(CheckpointId checkpointId, String reason) {
    checkpointer.decline(checkpointId, reason);
  }

  @Override
  public void unblocked() {
    input.releaseHeld();
  }

  OperatorChain chain() {
    return chain;
  }

  Output chainInput() {
    return chainInput;
  }

  SourceDriver source() {
    return source;
  }

  Vertex headVertex() {
    return vertex.head();
  }

  // ---------------------------------------------------------------- end of life

  private void finish(CheckpointId finalCheckpoint) {
    if (state != TaskState.RUNNING) {
      return;
    }
    try {
      checkpointer.complete(finalCheckpoint);
      reportProgress();
      closeAll();
      moveTo(TaskState.FINISHED);
      env.report(new TaskFinished(attempt));
    } catch (Throwable e) {
      fail(e, "finish");
    }
  }

  /** Fails this attempt: stops processing, releases resources and reports the error. */
  public void fail(Throwable error, String where) {
    if (state.terminal()) {
      return;
    }
    Optional<CheckpointId> corrupt = CorruptStateException.checkpointIn(error);
    moveTo(TaskState.FAILED);
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    String sink = io.weir.runtime.operator.SinkSetupException.sinkIn(error);
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    log.warn("task {} of job {} failed at {}: {}", name(), attempt.job(), where.isEmpty() ? "?" : where, message);
    env.report(new TaskFailed(attempt, message, trace.toString(), where, env.currentTimeMillis(), corrupt, sink));
    dispose();
  }

  /** Releases everything; safe to call more than once (cancel, failure, undeploy). */
  public void dispose() {
    stopTimers();
    if (source != null) {
      source.close();
    }
    if (chain != null) {
      chain.closeQuietly(name());
    }
    if (checkpointer != null) {
      checkpointer.close();
    }
    if (!state.terminal()) {
      moveTo(TaskState.CANCELED);
    }
  }

  private void stopTimers() {
    if (input != null) {
      input.stop();
    }
    if (flushTimer >= 0) {
      env.cancelTimer(flushTimer);
      flushTimer = -1;
    }
    if (progressTimer >= 0) {
      env.cancelTimer(progressTimer);
      progressTimer = -1;
    }
  }

  private void closeAll() throws Exception {
    stopTimers();
    if (source != null) {
      source.close();
    }
    chain.close();
  }

  @Override
  public String toString() {
    return attempt.toString();
  }
}

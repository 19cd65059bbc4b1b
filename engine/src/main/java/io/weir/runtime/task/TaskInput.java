package io.weir.runtime.task;

import io.weir.checkpoint.BarrierHandler;
import io.weir.checkpoint.CheckpointId;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.config.WeirConfig;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.Edge;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.TaskVertex;
import io.weir.runtime.network.DataBatch;
import io.weir.runtime.network.InputGate;
import io.weir.runtime.operator.Output;
import io.weir.runtime.operator.RecordTimestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The input of a task that is not a source: the gate over its input channels (one per sending
 * subtask of every input edge), the barrier handler that aligns checkpoints across them, and the
 * credits it grants its senders. Drains buffered batches into the chain while the task runs and
 * its outputs take more. Runs on the task's context, like the {@link StreamTask} it feeds.
 */
final class TaskInput {
  private final StreamTask task;
  private final TaskEnvironment env;
  private final InputGate gate;
  private final BarrierHandler barriers;
  private final InputCredits credits;
  private boolean draining;
  private String position = "";

  TaskInput(StreamTask task, JobGraph graph, TaskVertex vertex, WeirConfig config, TaskEnvironment env) {
    this.task = task;
    this.env = env;
    TaskAttempt attempt = task.attempt();
    int subtask = attempt.task().subtask();
    List<InputGate.Channel> channels = new ArrayList<>();
    Map<Integer, int[]> index = new HashMap<>();
    for (Edge in : vertex.inputs()) {
      TaskVertex sender = graph.taskOfVertex(in.source());
      int[] bySender = new int[sender.parallelism()];
      Arrays.fill(bySender, -1);
      if (in.allToAll()) {
        for (int i = 0; i < sender.parallelism(); i++) {
          bySender[i] = channels.size();
          channels.add(new InputGate.Channel(in.id(), i,
              Addresses.taskControl(attempt.job(), attempt.attempt(), new TaskId(sender.id(), i))));
        }
      } else {
        bySender[subtask] = channels.size();
        channels.add(new InputGate.Channel(in.id(), subtask,
            Addresses.taskControl(attempt.job(), attempt.attempt(), new TaskId(sender.id(), subtask))));
      }
      index.put(in.id(), bySender);
    }
    gate = new InputGate(attempt.attempt(), channels, index);
    barriers = BarrierHandler.create(config.checkpoint().mode(), channels.size(), task, env::nanoTime);
    credits = new InputCredits(gate, attempt, config.network().credits(), env);
  }

  /** Buffered input batches. */
  int buffered() {
    return gate.buffered();
  }

  String describe() {
    return gate.describe();
  }

  /** Grants the senders their first credits. */
  void start() {
    credits.start();
  }

  void stop() {
    credits.stop();
  }

  /** A batch arrived; it is processed at once when the task runs. */
  void receive(DataBatch batch) {
    String error = gate.receive(batch);
    if (error != null) {
      task.fail(new IllegalStateException(error), "input");
      return;
    }
    credits.received(gate.channelOf(batch));
    if (task.state() == TaskState.RUNNING) {
      drain();
    }
  }

  /** A checkpoint was aborted: stop aligning it and read the channels it held. */
  void aborted(CheckpointId checkpointId) {
    barriers.abort(checkpointId);
    gate.releaseHeld();
    drainLater();
  }

  /** Channels held for barrier alignment may be read again. */
  void releaseHeld() {
    gate.releaseHeld();
  }

  void drainLater() {
    env.runOnContext(this::drain);
  }

  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (task.state() == TaskState.RUNNING && task.outputsWritable()) {
        DataBatch batch = gate.next(barriers);
        if (batch == null) {
          break;
        }
        int ch = gate.channelOf(batch);
        switch (batch.kind()) {
          case RECORDS -> processRecords(batch, ch);
          case BARRIER -> barriers.onBarrier(ch, batch.barrier());
          case WATERMARK -> task.chain().watermarks().input(ch, batch.watermark());
          case IDLE -> task.chain().watermarks().inputIdle(ch);
          case END_OF_INPUT -> {
            gate.markEnded(ch);
            if (gate.allEnded()) {
              task.endInput();
            }
          }
          case UNDECODABLE -> throw new IllegalStateException(batch.error());
        }
      }
    } catch (Throwable e) {
      task.fail(e, position);
    } finally {
      draining = false;
    }
  }

  private void processRecords(DataBatch batch, int channel) {
    Object[] records = batch.records();
    long[] timestamps = batch.timestamps();
    int count = batch.count();
    int i = 0;
    OperatorChain chain = task.chain();
    chain.watermarks().inputRecords(channel);
    RecordTimestamp time = chain.time();
    Output input = task.chainInput();
    try {
      for (; i < count; i++) {
        time.set(timestamps == null ? RecordTimestamp.NONE : timestamps[i]);
        input.collect(records[i]);
      }
    } catch (RuntimeException e) {
      position = "record " + (i + 1) + " of batch #" + batch.sequence() + " on " + gate.describe(channel)
          + " (input record " + (task.recordsIn() + i + 1) + ")";
      throw e;
    }
    gate.consumed(channel);
    credits.grant(channel);
    task.processed(count);
  }
}

package io.weir.runtime.task;

import io.vertx.core.Future;
import io.weir.api.function.KeySelector;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.storage.CheckpointStorages;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskRestore;
import io.weir.config.WeirConfig;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.Edge;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.TaskVertex;
import io.weir.runtime.graph.Vertex;
import io.weir.runtime.network.DataBatch;
import io.weir.runtime.network.RecordWriter;
import io.weir.runtime.operator.ChainedOutput;
import io.weir.runtime.operator.OperatorException;
import io.weir.runtime.operator.Output;
import io.weir.runtime.operator.RecordTimestamp;
import io.weir.runtime.operator.SinkOperator;
import io.weir.runtime.operator.StreamOperator;
import io.weir.serde.Serde;
import io.weir.state.KeyGroups;
import io.weir.state.KeyedStateBackend;
import io.weir.state.StateBackends;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators of one subtask's chain (after its source, if it has one), the record writers its
 * last operator emits to, its keyed state and timers, and its watermark: built from the job graph,
 * restored from a checkpoint, snapshot by the checkpointer, and closed on every path. A watermark
 * that advances fires the due event-time timers, passes every operator in order, then every writer.
 */
final class OperatorChain {
  private static final Logger log = LoggerFactory.getLogger(OperatorChain.class);

  private final JobGraph graph;
  private final TaskVertex vertex;
  private final TaskAttempt attempt;
  private final TaskEnvironment env;
  private final List<StreamOperator> operators = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final List<RecordWriter> writers = new ArrayList<>();
  private final Map<Integer, RecordWriter> writerByEdge = new HashMap<>();
  private final KeyedStateBackend keyedState;
  private final TaskTimers timers;
  private final RecordTimestamp time = new RecordTimestamp();
  private final ChainWatermarks watermarks;
  private Output input;
  private boolean stateClosed;

  /**
   * What a restore read: the bytes of keyed state, and the operator state of the chain's head (a
   * source's positions), null when the attempt did not start from a snapshot.
   */
  record Restored(long keyedBytes, List<Object> headState) {
    static final Restored NOTHING = new Restored(0, null);
  }

  /**
   * Builds the chain of {@code attempt}'s task: writers to every receiver of its output edges, and
   * the keyed state of its key groups when its head is keyed. {@link #open} creates the operators.
   */
  OperatorChain(JobGraph graph, TaskVertex vertex, WeirConfig config, TaskAttempt attempt, TaskEnvironment env,
                Path localDir, RecordWriter.WritabilityListener writability) {
    this.graph = graph;
    this.vertex = vertex;
    this.attempt = attempt;
    this.env = env;
    int subtask = attempt.task().subtask();
    int parallelism = vertex.parallelism();
    for (Edge out : vertex.outputs()) {
      TaskVertex receiver = graph.taskOfVertex(out.target());
      List<String> addresses = new ArrayList<>();
      for (int i = out.allToAll() ? 0 : subtask; i < (out.allToAll() ? receiver.parallelism() : subtask + 1); i++) {
        addresses.add(Addresses.taskData(attempt.job(), attempt.attempt(), new TaskId(receiver.id(), i)));
      }
      RecordWriter writer = new RecordWriter(attempt.attempt(), out.id(), subtask, out.partitioning(), out.keySelector(),
          graph.maxParallelism(), addresses, config.network().batchSize(), env.dataTransport(), writability, time);
      writers.add(writer);
      writerByEdge.put(out.id(), writer);
    }

    watermarks = new ChainWatermarks(operators, names, writers);
    if (vertex.head().keyed()) {
      keyedState = StateBackends.create(config.state(),
          KeyGroups.rangeOf(subtask, parallelism, graph.maxParallelism()), graph.maxParallelism(), localDir,
          env::currentTimeMillis);
      timers = new TaskTimers(keyedState, env);
    } else {
      keyedState = null;
      timers = null;
    }
    watermarks.timers(timers);
  }

  /**
   * Creates and opens the operators, downstream first, each emitting into the operators it feeds
   * and the writers of its edges that leave the task.
   */
  void open(Consumer<Boolean> sinkWritable) throws Exception {
    List<Vertex> chain = vertex.chain();
    int first = vertex.isSource() ? 1 : 0;
    Map<Integer, StreamOperator> byVertex = new HashMap<>();
    for (int i = first; i < chain.size(); i++) {
      Vertex v = chain.get(i);
      StreamOperator op = v.kind() == Vertex.Kind.SINK ? new SinkOperator(v.sink()) : v.newOperator();
      byVertex.put(v.id(), op);
      operators.add(op);
      names.add(v.name());
    }
    ChainOutputs outputs = new ChainOutputs(graph, vertex, byVertex, writerByEdge, sinkWritable);
    for (int i = chain.size() - 1; i >= first; i--) {
      Vertex v = chain.get(i);
      KeySelector<Object, Object> keySelector = i == 0 && v.keyed() ? vertex.inputs().get(0).keySelector() : null;
      Consumer<Boolean> writability = v.kind() == Vertex.Kind.SINK ? outputs.sinkWritability() : sinkWritable;
      byVertex.get(v.id()).open(new ChainContext(graph.jobName(), v.name(), attempt, vertex.parallelism(), outputs.of(v),
          keySelector, keyedState, timers, env.vertx(), writability, time));
    }
    input = vertex.isSource() ? outputs.of(vertex.head()) : new ChainedOutput(byVertex.get(vertex.head().id()),
        vertex.head().name());
  }

  /** Where the chain's input goes: its first operator, or straight to the writers. */
  Output input() {
    return input;
  }

  List<RecordWriter> writers() {
    return writers;
  }

  RecordWriter writer(int edge) {
    return writerByEdge.get(edge);
  }

  KeyedStateBackend keyedState() {
    return keyedState;
  }

  long recordsOut() {
    return writers.stream().mapToLong(RecordWriter::recordsOut).sum();
  }

  String describeOutputs() {
    StringBuilder b = new StringBuilder();
    for (RecordWriter w : writers) {
      b.append(b.length() > 0 ? "; " : "").append("output ").append(w.describe());
    }
    return b.toString();
  }

  /**
   * Restores keyed state and the state of every operator from {@code restore}. A fresh start
   * restores nothing; a restart before the first checkpoint hands every operator empty state.
   */
  Restored restore(TaskRestore restore) throws Exception {
    if (restore instanceof TaskRestore.FromSnapshot snapshot) {
      return restore(snapshot);
    }
    if (restore instanceof TaskRestore.NoCheckpointYet) {
      for (StreamOperator operator : operators) {
        operator.restoreState(List.of());
      }
    }
    return Restored.NOTHING;
  }

  private Restored restore(TaskRestore.FromSnapshot restore) throws Exception {
    Map<String, List<Object>> unions = new HashMap<>();
    for (Map.Entry<String, List<byte[]>> e : restore.operatorStates().entrySet()) {
      List<Object> union = new ArrayList<>();
      for (byte[] bytes : e.getValue()) {
        if (Serde.fromBytes(bytes) instanceof List<?> list) {
          union.addAll(list);
        }
      }
      unions.put(e.getKey(), union);
    }
    long bytes = 0;
    if (keyedState != null && !restore.keyed().isEmpty()) {
      try {
        keyedState.restore(restore.keyed(), CheckpointStorages.open(restore.storageUri(), env.vertx()));
      } catch (CorruptCheckpointException e) {
        throw new CorruptStateException(restore.checkpointId(), e);
      }
      bytes = restore.keyed().stream().mapToLong(h -> h.stateSize()).sum();
    }
    if (!vertex.isSource() && !operators.isEmpty()) {
      List<Object> head = unions.getOrDefault(names.get(0), List.of());
      watermarks.restore(ChainWatermark.restore(head, attempt.task().subtask(), vertex.parallelism()));
      unions.put(names.get(0), ChainWatermark.withoutWatermarks(head));
    }
    for (int i = 0; i < operators.size(); i++) {
      operators.get(i).restoreState(unions.getOrDefault(names.get(i), List.of()));
    }
    return new Restored(bytes, unions.getOrDefault(vertex.head().name(), List.of()));
  }

  /** The shared event time of the record being processed. */
  RecordTimestamp time() {
    return time;
  }

  /** The chain's watermark, which source and input channels advance. */
  ChainWatermarks watermarks() {
    return watermarks;
  }

  /** Connects every writer to its receivers; {@code onError} hears of a connection that failed, and which. */
  void connectOutputs(BiConsumer<Throwable, String> onError) {
    for (int w = 0; w < writers.size(); w++) {
      RecordWriter writer = writers.get(w);
      int edge = vertex.outputs().get(w).id();
      List<String> addresses = writer.addresses();
      for (int i = 0; i < addresses.size(); i++) {
        int channel = i;
        long asked = env.nanoTime();
        env.connect(addresses.get(i), DataBatch.handshake(attempt.attempt(), edge, attempt.task().subtask()))
            .onSuccess(v -> {
              log.debug("{} connected output channel {} of edge {} in {} ms", attempt, channel, edge,
                  (env.nanoTime() - asked) / 1_000_000);
              writer.connected(channel);
            })
            .onFailure(e -> onError.accept(e, "connecting output channel " + channel + " of edge " + edge));
      }
    }
  }

  /**
   * Starts firing the keyed timers into the head operator ({@code onError} hears of a timer that
   * failed) and tracking the input channels' watermarks, from the restored one. Called after restore.
   */
  void startTimers(Consumer<Throwable> onError) throws Exception {
    if (!vertex.isSource()) {
      watermarks.trackInputs(vertex.inputChannels(graph));
    }
    if (timers != null) {
      timers.start(this::fireTimer, onError);
    }
  }

  private void fireTimer(Object key, long timestamp, boolean eventTime) throws Exception {
    try {
      if (eventTime) {
        time.set(timestamp);
        operators.get(0).onEventTimer(key, timestamp);
      } else {
        time.clear();
        operators.get(0).onTimer(key, timestamp);
      }
    } catch (OperatorException e) {
      throw e;
    } catch (Exception e) {
      throw new OperatorException(names.get(0), "timer " + timestamp + " of key " + key, e);
    }
  }

  /**
   * Every operator's state for checkpoint {@code id}, by operator name (operators without state are
   * left out); the timers are written to keyed state, for its snapshot next.
   */
  void snapshotOperators(CheckpointId id, Map<String, byte[]> into, boolean withKeyedState) throws Exception {
    for (int i = 0; i < operators.size(); i++) {
      List<Object> state = operators.get(i).snapshotState(id.value());
      long watermark = watermarks.current();
      boolean withWatermark = i == 0 && !vertex.isSource() && watermark > Long.MIN_VALUE;
      if (state != null || withWatermark) {
        List<Object> stored = state == null ? new ArrayList<>() : new ArrayList<>(state);
        if (withWatermark) {
          stored.add(new ChainWatermark(attempt.task().subtask(), vertex.parallelism(), watermark));
        }
        into.put(names.get(i), Serde.toBytes(stored));
      }
    }
    if (timers != null && withKeyedState) {
      timers.persist(); // a checkpoint without keyed state leaves the changes to the next that has it
    }
  }

  /** Completes when every operator has flushed what it holds for the checkpoint just taken. */
  Future<Void> flushed() {
    List<Future<Void>> flushed = new ArrayList<>();
    for (StreamOperator op : operators) {
      flushed.add(op.flushed());
    }
    return Future.all(flushed).mapEmpty();
  }

  void checkpointComplete(CheckpointId checkpointId) throws Exception {
    for (StreamOperator op : operators) {
      op.checkpointComplete(checkpointId.value());
    }
    if (keyedState != null && !stateClosed) {
      keyedState.checkpointComplete(checkpointId);
    }
  }

  void checkpointAborted(CheckpointId checkpointId, String task) {
    for (StreamOperator op : operators) {
      try {
        op.checkpointAborted(checkpointId.value());
      } catch (Exception e) {
        log.debug("operator of {} on abort of checkpoint {}: {}", task, checkpointId, e.toString());
      }
    }
  }

  /** All input was processed: the operators emit what they hold, and every receiver hears the end. */
  void endInput() throws Exception {
    for (StreamOperator op : operators) {
      op.endInput();
    }
    for (RecordWriter w : writers) {
      w.broadcastEndOfInput();
    }
  }

  void flush() {
    for (RecordWriter w : writers) {
      w.flush();
    }
  }

  /** Closes the operators and the keyed state, throwing what an operator's close throws (a normal finish). */
  void close() throws Exception {
    try {
      for (StreamOperator op : operators) {
        op.close();
      }
      operators.clear();
    } finally {
      closeState();
    }
  }

  /** Closes everything, logging what fails (cancel, failure); safe to call more than once. */
  void closeQuietly(String task) {
    if (timers != null) {
      timers.stop();
    }
    for (int i = 0; i < operators.size(); i++) {
      try {
        operators.get(i).close();
      } catch (Throwable e) {
        log.debug("closing operator {} of {}: {}", names.get(i), task, e.toString());
      }
    }
    operators.clear();
    closeState();
  }

  private void closeState() {
    if (timers != null) {
      timers.stop();
    }
    if (keyedState != null && !stateClosed) {
      stateClosed = true;
      keyedState.close();
    }
  }
}

package io.weir.runtime.task;

import io.weir.checkpoint.CheckpointId;
import io.weir.connector.Source;
import io.weir.connector.SourceContext;
import io.weir.connector.SourceOutput;
import io.weir.connector.SourceReader;
import io.weir.connector.SourceSplit;
import io.weir.runtime.graph.Vertex;
import io.weir.runtime.operator.Output;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a source task's reader: polls it in chunks on the task's context, yielding between chunks
 * so that credits and checkpoint triggers are handled promptly, pausing while the outputs have no
 * credit (backpressure) and waiting when the reader has nothing (a rate limit). With a watermark
 * strategy its records are stamped and its watermarks checked after every poll; an exhausted
 * source ends with the final watermark, {@link Long#MAX_VALUE}, which fires everything still open.
 */
final class SourceDriver implements SourceOutput<Object>, SourceContext {
  private static final int CHUNK = 4096;

  private final StreamTask task;
  private final Vertex vertex;
  private final int subtask;
  private final int parallelism;
  private final TaskEnvironment env;
  private SourceReader<Object> reader;
  private Output output;
  private boolean scheduled;
  private boolean ended;
  private boolean closed;
  private long waitTimer = -1;
  private int emitted;
  private SourceWatermarks watermarks;
  private final SourceOutput<Object> unstamped = new SourceOutput<>() {
    @Override
    public void emit(Object record) {
      emitted++;
      output.collect(record);
    }

    @Override
    public boolean wantsMore() {
      return SourceDriver.this.wantsMore();
    }
  };

  SourceDriver(StreamTask task, Vertex vertex, int subtask, int parallelism, TaskEnvironment env) {
    this.task = task;
    this.vertex = vertex;
    this.subtask = subtask;
    this.parallelism = parallelism;
    this.env = env;
  }

  /** Creates the reader and hands it this subtask's splits: fresh ones, or the restored ones when {@code restored} is set. */
  @SuppressWarnings("unchecked")
  void assign(List<Object> restored) throws Exception {
    Source<Object> source = (Source<Object>) vertex.source();
    reader = source.createReader(this);
    List<SourceSplit> all = new ArrayList<>();
    List<SourceWatermarks.SplitWatermark> restoredWatermarks = new ArrayList<>();
    if (restored == null) {
      all.addAll(source.splits());
    } else {
      for (Object o : restored) {
        if (o instanceof SourceWatermarks.SplitWatermark w) {
          restoredWatermarks.add(w);
        } else {
          all.add((SourceSplit) o);
        }
      }
    }
    List<SourceSplit> mine = new ArrayList<>();
    for (SourceSplit s : all) {
      if (Math.floorMod(s.index(), parallelism) == subtask) {
        mine.add(s);
      }
    }
    reader.addSplits(mine);
    if (vertex.watermarkStrategy() != null) {
      watermarks = new SourceWatermarks(vertex.watermarkStrategy(), task.chain().time(), unstamped);
      watermarks.assign(mine, restoredWatermarks, env.currentTimeMillis());
      task.chain().watermarks().restore(watermarks.emitted());
    }
  }

  void open(Output output) {
    this.output = output;
  }

  void resume() {
    if (scheduled || ended || closed || waitTimer >= 0) {
      return;
    }
    scheduled = true;
    env.runOnContext(this::pump);
  }

  private void pump() {
    scheduled = false;
    if (closed || ended || task.state() != TaskState.RUNNING) {
      return;
    }
    emitted = 0;
    SourceReader.Status status;
    try {
      status = reader.poll(this);
      task.processed(emitted);
      if (watermarks != null && status != SourceReader.Status.END_OF_INPUT) {
        watermarks.check(env.currentTimeMillis(), task.chain().watermarks());
      }
      switch (status) {
        case MORE_AVAILABLE -> {
          if (task.outputsWritable()) {
            resume();
          }
        }
        case NOTHING_AVAILABLE -> {
          long delayMs = Math.max(1, reader.retryAfterNanos() / 1_000_000L);
          waitTimer = env.setTimer(delayMs, () -> {
            waitTimer = -1;
            resume();
          });
        }
        case END_OF_INPUT -> {
          ended = true;
          task.chain().watermarks().advanceWatermark(Long.MAX_VALUE);
          task.endInput();
        }
      }
    } catch (Throwable e) {
      task.fail(e, "source '" + vertex.name() + "' " + reader.position());
    }
  }

  @Override
  public void emit(Object record) {
    if (watermarks != null) {
      watermarks.output().emit(record);
    } else {
      emitted++;
      output.collect(record);
    }
  }

  @Override
  public SourceOutput<Object> forSplit(int splitIndex) {
    return watermarks == null ? this : watermarks.forSplit(splitIndex);
  }

  @Override
  public boolean wantsMore() {
    return emitted < CHUNK && task.outputsWritable();
  }

  /** The reader's splits with their positions, and their watermarks when the source has a strategy. */
  List<Object> snapshot(CheckpointId checkpointId) {
    List<Object> state = new ArrayList<>(reader.snapshot(checkpointId.value()));
    if (watermarks != null) {
      state.addAll(watermarks.snapshot());
    }
    return state;
  }

  void checkpointComplete(CheckpointId checkpointId) throws Exception {
    reader.checkpointComplete(checkpointId.value());
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (waitTimer >= 0) {
      env.cancelTimer(waitTimer);
      waitTimer = -1;
    }
    try {
      if (reader != null) {
        reader.close();
      }
    } catch (Exception e) {
      // closing a reader must not hide why the task stopped
    }
  }

  @Override
  public int subtaskIndex() {
    return subtask;
  }

  @Override
  public int parallelism() {
    return parallelism;
  }

  @Override
  public long currentTimeMillis() {
    return env.currentTimeMillis();
  }

  @Override
  public long nanoTime() {
    return env.nanoTime();
  }

  @Override
  public io.vertx.core.Vertx vertx() {
    return env.vertx();
  }
}

package io.weir.runtime.task;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.weir.api.Job;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.TaskRestore;
import io.weir.cluster.protocol.StartTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskReport;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.TaskVertex;
import io.weir.runtime.network.ChannelTransport;
import io.weir.runtime.network.DataBatch;
import io.weir.runtime.network.DataBatchCodec;
import io.weir.runtime.network.MessageRecordCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs every {@link StreamTask} of a small job in one thread, deterministically: one loop that
 * stands for every task's context, an in-memory event bus that delivers data batches and control
 * messages by address (later, on the loop, as the event bus does), timers on a fake clock that the
 * test advances, and blocking work run inline. Reports to the coordinator are kept in a list.
 * Deployment follows the coordinator: every task is created from a {@link DeployTask} and opened,
 * then every task is sent {@link StartTask}.
 */
final class InMemoryRuntime implements AutoCloseable {
  static final long EPOCH = 1;
  static final int ATTEMPT = 0;
  private static final long START_MILLIS = 1_700_000_000_000L;
  private static final int MAX_STEPS_PER_RUN = 5_000_000;

  private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>(
      Comparator.comparingLong((Timer t) -> t.dueNanos).thenComparingLong(t -> t.id));
  private final Map<Long, Timer> timersById = new HashMap<>();
  private long nextTimerId;
  private long nowNanos;

  private final Map<String, StreamTask> dataConsumers = new HashMap<>();
  private final Map<String, StreamTask> controlConsumers = new HashMap<>();
  private final Map<TaskId, StreamTask> tasks = new TreeMap<>();
  private final Map<TaskId, Integer> maxBufferedInput = new TreeMap<>();
  private final List<TaskReport> reports = new ArrayList<>();
  private final List<String> undeliverable = new ArrayList<>();
  private final Path workDir;
  private final boolean overTheWire;
  private final DataBatchCodec batchCodec = new DataBatchCodec();
  private final MessageRecordCodec messageCodec = new MessageRecordCodec();
  private final Environment environment = new Environment();
  private final Supplier<Vertx> vertx;

  private JobId job;
  private JobGraph graph;

  private static final class Timer {
    final long id;
    long dueNanos;
    final long periodNanos;
    final Runnable action;

    Timer(long id, long dueNanos, long periodNanos, Runnable action) {
      this.id = id;
      this.dueNanos = dueNanos;
      this.periodNanos = periodNanos;
      this.action = action;
    }
  }

  /**
   * @param overTheWire when set, every batch and control message is encoded and decoded with the
   *                    event-bus codecs, as between two JVMs
   * @param vertx       what {@link TaskEnvironment#vertx()} returns (checkpoint storage asks for it);
   *                    its owner closes it
   */
  InMemoryRuntime(Path workDir, boolean overTheWire, Supplier<Vertx> vertx) {
    this.workDir = workDir;
    this.overTheWire = overTheWire;
    this.vertx = vertx;
  }

  // ---------------------------------------------------------------- deployment

  /**
   * Deploys every subtask of {@code jobClass} (attempt 0, epoch 1) with the default cluster config,
   * {@code settings} as the submitted settings, and checkpoint storage in the work directory; opens
   * them all, then sends each its StartTask. Run the loop to let them work.
   */
  void deploy(Class<? extends Job> jobClass, List<String> args, int parallelism, JsonObject settings) {
    JobSpec spec = new JobSpec(jobClass.getName(), args, parallelism, settings);
    JsonObject clusterConfig = WeirConfig.defaults().toJson();
    graph = spec.build(WeirConfig.fromJson(clusterConfig)).graph();
    job = new JobId("in-memory-job");
    String storage = io.weir.checkpoint.storage.StorageUri.directory(workDir.resolve("checkpoints")).format();
    for (TaskId t : graph.allSubtasks()) {
      TaskAttempt attempt = new TaskAttempt(job, t, ATTEMPT);
      DeployTask deployment = new DeployTask(EPOCH, attempt, spec, clusterConfig, storage, new TaskRestore.FreshStart(),
          java.util.Map.of());
      StreamTask task = new StreamTask(deployment, environment, workDir.resolve("local").resolve(t.toString()));
      tasks.put(t, task);
      dataConsumers.put(Addresses.taskData(attempt), task);
      controlConsumers.put(Addresses.taskControl(attempt), task);
    }
    for (StreamTask task : tasks.values()) {
      loop.add(() -> {
        try {
          task.open();
        } catch (Throwable e) {
          task.fail(e, "deployment");
        }
      });
    }
    runUntilIdle();
    for (StreamTask task : tasks.values()) {
      sendControl(Addresses.taskControl(task.attempt()), new StartTask(EPOCH, task.attempt()));
    }
  }

  JobGraph graph() {
    return graph;
  }

  JobId job() {
    return job;
  }

  StreamTask task(TaskId id) {
    StreamTask t = tasks.get(id);
    if (t == null) {
      throw new IllegalArgumentException("no subtask " + id + " (have " + tasks.keySet() + ")");
    }
    return t;
  }

  List<StreamTask> tasks() {
    return List.copyOf(tasks.values());
  }

  /** The subtasks of the task whose chain starts with the operator named {@code headName}. */
  List<StreamTask> tasksOf(String headName) {
    TaskVertex vertex = graph.tasks().stream().filter(t -> t.head().name().equals(headName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no task starts with '" + headName + "'"));
    return tasks.entrySet().stream().filter(e -> e.getKey().vertex() == vertex.id()).map(Map.Entry::getValue).toList();
  }

  /** The number of input channels of one subtask of {@code task}. */
  int inputChannels(StreamTask task) {
    return graph.task(task.attempt().task().vertex()).inputChannels(graph);
  }

  /** The most input batches {@code task} held at once, sampled after every step of the loop. */
  int maxBufferedInput(StreamTask task) {
    return maxBufferedInput.getOrDefault(task.attempt().task(), 0);
  }

  // ---------------------------------------------------------------- the coordinator's side

  /** What the tasks reported to the coordinator, of one type, in order. */
  <T extends TaskReport> List<T> reports(Class<T> type) {
    return reports.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Sends a control message to a task, as the coordinator does (delivered later, on the loop). */
  void sendToTask(StreamTask task, Record message) {
    sendControl(Addresses.taskControl(task.attempt()), message);
  }

  /** Runs {@code action} on the tasks' thread, after what is already queued. */
  void runOnLoop(Runnable action) {
    loop.add(action);
  }

  // ---------------------------------------------------------------- time and the loop

  long nowMillis() {
    return START_MILLIS + nowNanos / 1_000_000;
  }

  /** Runs queued work until nothing is left; timers do not fire. */
  void runUntilIdle() {
    int steps = 0;
    while (!loop.isEmpty()) {
      if (++steps > MAX_STEPS_PER_RUN) {
        throw new AssertionError("the tasks did not become idle within " + MAX_STEPS_PER_RUN + " steps");
      }
      loop.poll().run();
      afterStep();
    }
  }

  /** Moves the clock forward by {@code millis}, firing every timer that falls due on the way. */
  void advance(long millis) {
    long target = nowNanos + millis * 1_000_000;
    runUntilIdle();
    while (!timers.isEmpty() && timers.peek().dueNanos <= target) {
      fireNextTimer();
      runUntilIdle();
    }
    nowNanos = target;
  }

  /**
   * Runs the loop and advances the clock timer by timer until {@code condition} holds; fails when
   * {@code maxMillis} of fake time pass first, or when nothing is left that could make it hold.
   */
  void runUntil(BooleanSupplier condition, long maxMillis, String what) {
    long deadline = nowNanos + maxMillis * 1_000_000;
    runUntilIdle();
    while (!condition.getAsBoolean()) {
      if (timers.isEmpty()) {
        throw new AssertionError("waiting for " + what + ", but nothing is left to run" + failures());
      }
      if (timers.peek().dueNanos > deadline) {
        throw new AssertionError("waiting for " + what + ": not within " + maxMillis + "ms of fake time" + failures());
      }
      fireNextTimer();
      runUntilIdle();
    }
  }

  private String failures() {
    List<TaskFailed> failed = reports(TaskFailed.class);
    return failed.isEmpty() ? "" : "; failed tasks: " + failed.stream()
        .map(f -> f.attempt() + " at " + f.position() + ": " + f.stackTrace()).toList();
  }

  private void fireNextTimer() {
    Timer t = timers.poll();
    nowNanos = Math.max(nowNanos, t.dueNanos);
    if (t.periodNanos > 0) {
      t.dueNanos += t.periodNanos;
      timers.add(t);
    }
    loop.add(t.action);
  }

  private void afterStep() {
    if (!undeliverable.isEmpty()) {
      throw new AssertionError("messages to addresses nobody listens on: " + undeliverable);
    }
    for (Map.Entry<TaskId, StreamTask> e : tasks.entrySet()) {
      maxBufferedInput.merge(e.getKey(), e.getValue().bufferedInput(), Math::max);
    }
  }

  private void sendControl(String address, Record message) {
    StreamTask target = controlConsumers.get(address);
    if (target == null) {
      undeliverable.add(address + " <- " + message);
      return;
    }
    Record delivered = message;
    if (overTheWire) {
      Buffer buffer = Buffer.buffer();
      messageCodec.encodeToWire(buffer, message);
      delivered = messageCodec.decodeFromWire(0, buffer);
    }
    Record m = delivered;
    loop.add(() -> target.onControl(m));
  }

  private void sendData(String address, DataBatch batch) {
    StreamTask target = dataConsumers.get(address);
    if (target == null) {
      undeliverable.add(address + " <- " + batch);
      return;
    }
    DataBatch delivered;
    if (overTheWire) {
      Buffer buffer = Buffer.buffer();
      batchCodec.encodeToWire(buffer, batch);
      delivered = batchCodec.decodeFromWire(0, buffer);
    } else {
      delivered = batchCodec.transform(batch);
    }
    loop.add(() -> target.onData(delivered));
  }

  @Override
  public void close() throws IOException {
    for (StreamTask t : tasks.values()) {
      t.dispose();
    }
    if (Files.exists(workDir)) {
      try (Stream<Path> files = Files.walk(workDir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** What every task sees of the world: this runtime. */
  private final class Environment implements TaskEnvironment {
    private final ChannelTransport transport = InMemoryRuntime.this::sendData;

    @Override
    public Vertx vertx() {
      return vertx.get();
    }

    @Override
    public ChannelTransport dataTransport() {
      return transport;
    }

    @Override
    public io.vertx.core.Future<Void> connect(String dataAddress, io.weir.runtime.network.DataBatch handshake) {
      // every task is in this runtime from the start: a receiver's address is always known
      return io.vertx.core.Future.succeededFuture();
    }

    @Override
    public void sendControl(String address, Record message) {
      InMemoryRuntime.this.sendControl(address, message);
    }

    @Override
    public void report(TaskReport message) {
      reports.add(message);
    }

    @Override
    public long setTimer(long delayMillis, Runnable action) {
      return schedule(Math.max(1, delayMillis), 0, action);
    }

    @Override
    public long setPeriodic(long periodMillis, Runnable action) {
      long period = Math.max(1, periodMillis);
      return schedule(period, period, action);
    }

    private long schedule(long delayMillis, long periodMillis, Runnable action) {
      long id = nextTimerId++;
      Timer t = new Timer(id, nowNanos + delayMillis * 1_000_000, periodMillis * 1_000_000, () -> {
        if (!timersById.containsKey(id)) {
          return; // cancelled after it fell due
        }
        if (periodMillis == 0) {
          timersById.remove(id);
        }
        action.run();
      });
      timersById.put(id, t);
      timers.add(t);
      return id;
    }

    @Override
    public void cancelTimer(long id) {
      Timer t = timersById.remove(id);
      if (t != null) {
        timers.remove(t);
      }
    }

    @Override
    public void runOnContext(Runnable action) {
      loop.add(action);
    }

    @Override
    public <T> Future<T> executeBlocking(Callable<T> work) {
      try {
        return Future.succeededFuture(work.call());
      } catch (Throwable e) {
        return Future.failedFuture(e);
      }
    }

    @Override
    public long currentTimeMillis() {
      return nowMillis();
    }

    @Override
    public long nanoTime() {
      return nowNanos;
    }
  }
}

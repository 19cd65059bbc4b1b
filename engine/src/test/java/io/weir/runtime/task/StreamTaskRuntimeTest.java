package io.weir.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.cluster.protocol.AcknowledgeCheckpoint;
import io.weir.cluster.protocol.CheckpointAborted;
import io.weir.cluster.protocol.CheckpointComplete;
import io.weir.cluster.protocol.DeclineCheckpoint;
import io.weir.cluster.protocol.FinishTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskFinished;
import io.weir.cluster.protocol.TaskInputEnded;
import io.weir.cluster.protocol.TaskRunning;
import io.weir.cluster.protocol.TriggerCheckpoint;
import io.weir.connector.GeneratorSource.GeneratorSplit;
import io.weir.runtime.network.CheckpointBarrier;
import io.weir.serde.Serde;
import io.weir.state.KeyGroups;
import io.weir.state.heap.HeapKeyedStateBackend;
import io.weir.state.heap.HeapKeyedStateHandle;
import io.weir.testing.TestJobs;
import io.weir.testing.TestJobs.KeyCount;
import io.weir.testing.TestSinks.CollectingSink;
import io.weir.testing.TestSinks.Gate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whole jobs of StreamTasks in the deterministic {@link InMemoryRuntime}: one thread, a fake clock. */
class StreamTaskRuntimeTest extends InMemoryRuntimeTest {
  private static final int MAX_P = 128;

  private static Vertx vertx;

  /** One Vert.x for the tests that need one (checkpoint storage asks the environment for it), created on first use. */
  private static synchronized Vertx vertx() {
    if (vertx == null) {
      vertx = Vertx.vertx();
    }
    return vertx;
  }

  @AfterAll
  static void closeVertx() {
    if (vertx != null) {
      vertx.close().await();
      vertx = null;
    }
  }

  private InMemoryRuntime runtime(boolean overTheWire) {
    runtime = new InMemoryRuntime(workDir.resolve("runtime"), overTheWire, StreamTaskRuntimeTest::vertx);
    return runtime;
  }

  private static JsonObject network(int batchSize, int credits) {
    return new JsonObject().put("network", new JsonObject().put("batch-size", batchSize).put("credits", credits));
  }

  private boolean everyTaskEndedItsInput() {
    return runtime.reports(TaskInputEnded.class).size() == runtime.tasks().size();
  }

  private static Set<TaskAttempt> attempts(List<StreamTask> tasks) {
    return tasks.stream().map(StreamTask::attempt).collect(Collectors.toSet());
  }

  // ---------------------------------------------------------------- (a) exact results

  @ParameterizedTest(name = "parallelism {0}, over the wire: {1}")
  @CsvSource({"1, false", "2, false", "2, true"})
  void keyedCountOverABoundedGeneratorGivesExactCounts(int parallelism, boolean overTheWire) {
    long count = 5_000;
    int keys = 7;
    InMemoryRuntime rt = runtime(overTheWire);
    rt.deploy(TestJobs.KeyedCount.class, List.of("--count", "" + count, "--keys", "" + keys, "--sink", sinkName),
        parallelism, network(32, 4));

    rt.runUntil(this::everyTaskEndedItsInput, 60_000, "every task to reach the end of its input");

    assertThat(rt.reports(TaskFailed.class)).isEmpty();
    assertThat(rt.reports(TaskRunning.class)).hasSize(rt.tasks().size());
    Map<String, Long> expected = new TreeMap<>();
    for (long n = 0; n < count; n++) {
      expected.merge(TestJobs.keyOf(n, keys), 1L, Long::sum);
    }
    Map<String, List<Long>> countsByKey = new TreeMap<>();
    Map<String, Integer> subtaskOfKey = new HashMap<>();
    CollectingSink.written(sinkName).forEach((subtask, records) -> {
      for (Object r : records) {
        KeyCount kc = (KeyCount) r;
        countsByKey.computeIfAbsent(kc.key(), k -> new ArrayList<>()).add(kc.count());
        assertThat(subtaskOfKey.computeIfAbsent(kc.key(), k -> subtask)).as("key %s is counted by one subtask", kc.key())
            .isEqualTo(subtask);
        int owner = KeyGroups.operatorIndex(KeyGroups.assign(kc.key(), MAX_P), MAX_P, parallelism);
        assertThat(subtask).as("key %s is counted by the subtask owning its key group", kc.key()).isEqualTo(owner);
      }
    });
    assertThat(countsByKey.keySet()).isEqualTo(expected.keySet());
    expected.forEach((key, total) -> assertThat(countsByKey.get(key)).as("the running counts of %s", key)
        .isEqualTo(LongStream.rangeClosed(1, total).boxed().toList()));
    assertThat(CollectingSink.ended(sinkName)).hasSize(parallelism);
  }

  // ---------------------------------------------------------------- (b) flow control

  @Test
  void aBlockedSinkPausesTheSourcesBoundsBufferedInputAndLosesNothing() {
    long count = 20_000;
    int credits = 2;
    Gate gate = Gate.named(sinkName);
    gate.quota(100);
    InMemoryRuntime rt = runtime(false);
    rt.deploy(TestJobs.Gated.class, List.of("--count", "" + count, "--sink", sinkName), 2, network(8, credits));
    List<StreamTask> sources = rt.tasksOf("numbers");
    List<StreamTask> sinks = rt.tasksOf("gated");
    assertThat(sinks).hasSize(2).allSatisfy(t -> assertThat(rt.inputChannels(t)).isEqualTo(2));

    rt.advance(50);
    long accepted = gate.accepted();
    long emitted = sources.stream().mapToLong(StreamTask::recordsOut).sum();
    assertThat(accepted).as("the sink took its quota, then closed").isBetween(100L, 200L);
    assertThat(emitted).as("the sources stopped far short of their input").isLessThan(1_000);
    assertThat(sources).allSatisfy(s -> assertThat(s.backpressured()).as("%s is backpressured", s.name()).isTrue());
    assertThat(sinks.stream().mapToInt(StreamTask::bufferedInput).sum()).as("input waits at the sinks").isPositive();

    rt.advance(1_000);
    assertThat(sources.stream().mapToLong(StreamTask::recordsOut).sum()).as("paused sources emit nothing more")
        .isEqualTo(emitted);
    assertThat(gate.accepted()).isEqualTo(accepted);

    rt.runOnLoop(() -> gate.allow(1_000));
    rt.advance(50);
    assertThat(gate.accepted()).as("the sink took its new quota").isBetween(accepted + 1_000, accepted + 1_100);
    long emittedAfterSecondQuota = sources.stream().mapToLong(StreamTask::recordsOut).sum();
    assertThat(emittedAfterSecondQuota).isGreaterThan(emitted + 900).isLessThan(count);
    rt.advance(1_000);
    assertThat(sources.stream().mapToLong(StreamTask::recordsOut).sum()).isEqualTo(emittedAfterSecondQuota);

    rt.runOnLoop(() -> gate.allow(Long.MAX_VALUE / 2));
    rt.runUntil(this::everyTaskEndedItsInput, 60_000, "every task to reach the end of its input");

    assertThat(rt.reports(TaskFailed.class)).isEmpty();
    for (StreamTask sink : sinks) {
      assertThat(rt.maxBufferedInput(sink)).as("input batches buffered at %s", sink.name())
          .isPositive()
          .isLessThanOrEqualTo(credits * rt.inputChannels(sink));
    }
    List<Object> received = gate.all();
    assertThat(received).as("every record arrives").hasSize((int) count);
    assertThat(received.stream().map(r -> (Long) r).sorted().toList()).as("each exactly once")
        .isEqualTo(LongStream.range(0, count).boxed().toList());
  }

  @Test
  void aBlockedSinkChainedToItsSourcePausesAndResumesTheSource() {
    long count = 5_000;
    Gate gate = Gate.named(sinkName);
    gate.quota(100);
    InMemoryRuntime rt = runtime(false);
    rt.deploy(TestJobs.Gated.class, List.of("--count", "" + count, "--sink", sinkName, "--chained"), 1, network(8, 2));
    assertThat(rt.tasks()).as("source and sink form one task").hasSize(1);
    StreamTask task = rt.tasks().get(0);

    rt.advance(50);
    long accepted = gate.accepted();
    assertThat(accepted).isBetween(100L, 200L);
    assertThat(task.backpressured()).isTrue();
    rt.advance(1_000);
    assertThat(gate.accepted()).as("the source is paused").isEqualTo(accepted);

    rt.runOnLoop(() -> gate.allow(Long.MAX_VALUE / 2));
    rt.runUntil(this::everyTaskEndedItsInput, 60_000, "the source to reach its end");

    assertThat(rt.reports(TaskFailed.class)).isEmpty();
    assertThat(gate.all().stream().map(r -> (Long) r).sorted().toList())
        .isEqualTo(LongStream.range(0, count).boxed().toList());
  }

  @ParameterizedTest(name = "second branch behind a rebalance: {0}")
  @CsvSource({"false", "true"})
  void aSourceFeedingTwoBranchesRunsThemInItsTaskAndEachGetsEveryRecord(boolean rebalance) {
    long count = 3_000;
    Gate gate = Gate.named(sinkName);
    gate.allow(Long.MAX_VALUE / 2);
    InMemoryRuntime rt = runtime(false);
    List<String> args = new ArrayList<>(List.of("--count", "" + count, "--sink", sinkName));
    if (rebalance) {
      args.add("--rebalance");
    }
    rt.deploy(TestJobs.FanOut.class, args, 2, network(8, 2));
    assertThat(rt.tasks()).as("both branches chained to the source (the rebalanced sink apart)").hasSize(rebalance ? 4 : 2);

    rt.runUntil(this::everyTaskEndedItsInput, 60_000, "every task to reach the end of its input");

    assertThat(rt.reports(TaskFailed.class)).isEmpty();
    assertThat(gate.all().stream().map(r -> (Long) r).sorted().toList()).as("the even branch, each once")
        .isEqualTo(LongStream.range(0, count).filter(n -> n % 2 == 0).boxed().toList());
    assertThat(CollectingSink.all(sinkName + "-tenfold").stream().map(r -> (Long) r).sorted().toList())
        .as("the tenfold branch, each once").isEqualTo(LongStream.range(0, count).map(n -> n * 10).boxed().toList());
    CollectingSink.forget(sinkName + "-tenfold");
  }

  @Test
  void oneBlockedSinkOfTwoInAChainPausesTheSourceUntilItTakesMore() {
    long count = 5_000;
    Gate gate = Gate.named(sinkName);
    gate.quota(100);
    InMemoryRuntime rt = runtime(false);
    rt.deploy(TestJobs.FanOut.class, List.of("--count", "" + count, "--sink", sinkName), 1, network(8, 2));
    StreamTask task = rt.tasks().get(0);

    rt.advance(50);
    long accepted = gate.accepted();
    assertThat(accepted).isBetween(100L, 300L);
    assertThat(task.backpressured()).as("the gated sink blocks the chain, the other sink does not unblock it").isTrue();
    long emitted = task.recordsIn();
    rt.advance(1_000);
    assertThat(task.recordsIn()).as("the source is paused").isEqualTo(emitted);

    rt.runOnLoop(() -> gate.allow(Long.MAX_VALUE / 2));
    rt.runUntil(this::everyTaskEndedItsInput, 60_000, "the source to reach its end");

    assertThat(rt.reports(TaskFailed.class)).isEmpty();
    assertThat(gate.all()).hasSize((int) count / 2);
    assertThat(CollectingSink.all(sinkName + "-tenfold")).hasSize((int) count);
    CollectingSink.forget(sinkName + "-tenfold");
  }

  // ---------------------------------------------------------------- (c) checkpoints

  @Test
  void aCheckpointTriggeredAtTheSourcesIsAcknowledgedByEveryTaskWithConsistentKeyedState() throws Exception {
    int keys = 11;
    InMemoryRuntime rt = runtime(false);
    rt.deploy(TestJobs.KeyedCount.class, List.of("--rate", "20000", "--keys", "" + keys, "--sink", sinkName), 2,
        network(16, 2));
    rt.advance(100);
    List<StreamTask> sources = rt.tasksOf("numbers");
    List<StreamTask> counters = rt.tasksOf("count");
    assertThat(counters.stream().mapToLong(StreamTask::recordsIn).sum()).as("records flow before the checkpoint")
        .isGreaterThan(500);

    CheckpointBarrier barrier = new CheckpointBarrier(new CheckpointId(1), rt.nowMillis(), false, null);
    // the trigger reaches the sources 20ms apart: the counters align, holding back what the first
    // source sends after its barrier until the second source's barrier arrives
    rt.sendToTask(sources.get(0), new TriggerCheckpoint(InMemoryRuntime.EPOCH, sources.get(0).attempt(), barrier));
    rt.advance(20);
    assertThat(counters).allSatisfy(c -> assertThat(c.bufferedInput()).as("%s holds back input", c.name()).isPositive());
    rt.sendToTask(sources.get(1), new TriggerCheckpoint(InMemoryRuntime.EPOCH, sources.get(1).attempt(), barrier));
    rt.runUntil(() -> rt.reports(AcknowledgeCheckpoint.class).size() == rt.tasks().size(), 5_000,
        "every task to acknowledge checkpoint 1");

    assertThat(rt.reports(TaskFailed.class)).isEmpty();
    assertThat(rt.reports(DeclineCheckpoint.class)).isEmpty();
    List<AcknowledgeCheckpoint> acks = rt.reports(AcknowledgeCheckpoint.class);
    assertThat(acks).allSatisfy(a -> assertThat(a.checkpointId()).isEqualTo(new CheckpointId(1)));
    assertThat(acks.stream().map(AcknowledgeCheckpoint::attempt).collect(Collectors.toSet()))
        .isEqualTo(attempts(rt.tasks()));

    // the sources' positions: how many records of each key they emitted before the barrier
    Map<String, Long> beforeBarrier = new TreeMap<>();
    for (AcknowledgeCheckpoint ack : acks) {
      if (!attempts(sources).contains(ack.attempt())) {
        continue;
      }
      assertThat(ack.state().keyed()).isNull();
      assertThat(ack.state().operatorState()).containsOnlyKeys("numbers");
      List<?> splits = (List<?>) Serde.fromBytes(ack.state().operatorState().get("numbers"));
      assertThat(splits).hasSize(64);
      for (Object o : splits) {
        GeneratorSplit split = (GeneratorSplit) o;
        for (long n = split.index(); n < split.next(); n += split.stride()) {
          beforeBarrier.merge(TestJobs.keyOf(n, keys), 1L, Long::sum);
        }
      }
    }

    // the counters' keyed state, read back from checkpoint storage
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(workDir.resolve("runtime").resolve("checkpoints"));
    Map<String, Long> snapshotCounts = new TreeMap<>();
    for (AcknowledgeCheckpoint ack : acks) {
      if (!attempts(counters).contains(ack.attempt())) {
        continue;
      }
      int subtask = ack.attempt().task().subtask();
      assertThat(ack.alignmentMillis()).as("the alignment took as long as the triggers were apart").isEqualTo(20);
      assertThat(ack.state().keyed()).isInstanceOf(HeapKeyedStateHandle.class);
      assertThat(ack.state().keyed().keyGroupRange()).isEqualTo(KeyGroups.rangeOf(subtask, 2, MAX_P));
      assertThat(ack.state().keyed().files()).singleElement()
          .satisfies(f -> assertThat(f.path()).contains("chk-1"));
      try (HeapKeyedStateBackend restored = new HeapKeyedStateBackend(ack.state().keyed().keyGroupRange(), MAX_P)) {
        restored.restore(List.of(ack.state().keyed()), storage);
        ValueState<Long> counts = restored.valueState(new ValueStateDescriptor<>(TestJobs.COUNT_STATE));
        List<Object> stateKeys = new ArrayList<>();
        restored.forEachKey(TestJobs.COUNT_STATE, stateKeys::add);
        for (Object key : stateKeys) {
          restored.setCurrentKey(key);
          snapshotCounts.merge((String) key, counts.value(), Long::sum);
        }
      }
    }
    assertThat(beforeBarrier.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(500);
    assertThat(snapshotCounts).as("the keyed state holds exactly the records before the barrier").isEqualTo(beforeBarrier);
  }

  @Test
  void aCheckpointAbortedByTheCoordinatorUnblocksTheAligningTasks() {
    InMemoryRuntime rt = runtime(false);
    rt.deploy(TestJobs.KeyedCount.class, List.of("--rate", "20000", "--sink", sinkName), 2, network(16, 2));
    rt.advance(50);
    List<StreamTask> sources = rt.tasksOf("numbers");
    List<StreamTask> counters = rt.tasksOf("count");

    // only the first source gets the trigger: the counters block its channel and wait for the other
    rt.sendToTask(sources.get(0), new TriggerCheckpoint(InMemoryRuntime.EPOCH, sources.get(0).attempt(),
        new CheckpointBarrier(new CheckpointId(1), rt.nowMillis(), false, null)));
    rt.advance(50);
    long[] heldIn = counters.stream().mapToLong(StreamTask::recordsIn).toArray();
    rt.advance(50);
    assertThat(counters.stream().mapToLong(StreamTask::recordsIn).sum())
        .as("the counters still read the second source").isGreaterThan(LongStream.of(heldIn).sum());
    assertThat(sources.get(0).backpressured()).as("the blocked channel backpressures the first source").isTrue();
    long firstSourceOut = sources.get(0).recordsOut();

    for (StreamTask c : counters) {
      rt.sendToTask(c, new CheckpointAborted(InMemoryRuntime.EPOCH, c.attempt(), new CheckpointId(1), "expired"));
    }
    rt.advance(50);
    assertThat(sources.get(0).recordsOut()).as("the first source flows again").isGreaterThan(firstSourceOut);
    assertThat(counters).allSatisfy(c -> assertThat(c.backpressured()).isFalse());
    assertThat(rt.reports(AcknowledgeCheckpoint.class)).extracting(a -> a.attempt())
        .as("only the triggered source acknowledged the aborted checkpoint").containsExactly(sources.get(0).attempt());

    CheckpointBarrier second = new CheckpointBarrier(new CheckpointId(2), rt.nowMillis(), false, null);
    for (StreamTask source : sources) {
      rt.sendToTask(source, new TriggerCheckpoint(InMemoryRuntime.EPOCH, source.attempt(), second));
    }
    rt.runUntil(() -> rt.reports(AcknowledgeCheckpoint.class).stream()
        .filter(a -> a.checkpointId().equals(new CheckpointId(2))).count()
        == rt.tasks().size(), 5_000, "every task to acknowledge checkpoint 2");
    assertThat(rt.reports(TaskFailed.class)).isEmpty();
  }

  @Test
  void aFinalCheckpointAfterTheEndOfInputCompletesAndTheTasksFinish() {
    InMemoryRuntime rt = runtime(false);
    rt.deploy(TestJobs.KeyedCount.class, List.of("--count", "3000", "--sink", sinkName), 2, network(32, 4));
    rt.runUntil(this::everyTaskEndedItsInput, 60_000, "every task to reach the end of its input");

    CheckpointBarrier last = new CheckpointBarrier(new CheckpointId(1), rt.nowMillis(), false, null);
    for (StreamTask source : rt.tasksOf("numbers")) {
      rt.sendToTask(source, new TriggerCheckpoint(InMemoryRuntime.EPOCH, source.attempt(), last));
    }
    rt.runUntil(() -> rt.reports(AcknowledgeCheckpoint.class).size() == rt.tasks().size(), 5_000,
        "every task to acknowledge the final checkpoint");
    assertThat(rt.reports(AcknowledgeCheckpoint.class)).as("after the end of input no task keeps keyed state")
        .allSatisfy(a -> assertThat(a.state().keyed()).isNull());
    for (StreamTask t : rt.tasks()) {
      rt.sendToTask(t, new CheckpointComplete(InMemoryRuntime.EPOCH, t.attempt(), new CheckpointId(1)));
      rt.sendToTask(t, new FinishTask(InMemoryRuntime.EPOCH, t.attempt(), new CheckpointId(1)));
    }
    rt.runUntilIdle();

    assertThat(rt.reports(TaskFailed.class)).isEmpty();
    assertThat(rt.reports(TaskFinished.class)).extracting(TaskFinished::attempt).containsExactlyInAnyOrderElementsOf(
        attempts(rt.tasks()));
    assertThat(rt.tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.FINISHED));
    assertThat(CollectingSink.all(sinkName)).hasSize(3000);
  }

  @Test
  void timersLeftOutOfTheFinalCheckpointAreInASavepointTakenAfterIt() throws Exception {
    InMemoryRuntime rt = runtime(false);
    int keys = 5;
    rt.deploy(TestJobs.TimerPerKey.class, List.of("--count", "500", "--keys", Integer.toString(keys), "--sink", sinkName),
        1, network(16, 4));
    rt.runUntil(this::everyTaskEndedItsInput, 60_000, "every task to reach the end of its input");
    java.nio.file.Path savepointDir = workDir.resolve("timers-savepoint");
    CheckpointBarrier last = new CheckpointBarrier(new CheckpointId(1), rt.nowMillis(), false, null);
    CheckpointBarrier savepoint = new CheckpointBarrier(new CheckpointId(2), rt.nowMillis(), true,
        "directory:" + savepointDir);
    for (CheckpointBarrier barrier : List.of(last, savepoint)) {
      for (StreamTask source : rt.tasksOf("numbers")) {
        rt.sendToTask(source, new TriggerCheckpoint(InMemoryRuntime.EPOCH, source.attempt(), barrier));
      }
      rt.runUntil(() -> rt.reports(AcknowledgeCheckpoint.class).stream()
          .filter(a -> a.checkpointId().equals(barrier.id())).count() == rt.tasks().size(), 5_000,
          "every task to acknowledge checkpoint " + barrier.id());
    }

    AcknowledgeCheckpoint timerAck = null;
    for (AcknowledgeCheckpoint a : rt.reports(AcknowledgeCheckpoint.class)) {
      if (rt.tasksOf("timers").get(0).attempt().equals(a.attempt())) {
        if (a.checkpointId().equals(last.id())) {
          assertThat(a.state().keyed()).as("the final checkpoint keeps no keyed state").isNull();
        } else {
          timerAck = a;
        }
      }
    }
    assertThat(timerAck).isNotNull();
    assertThat(timerAck.state().keyed()).as("the savepoint keeps the keyed state").isNotNull();
    List<Object> timerKeys = new ArrayList<>();
    try (HeapKeyedStateBackend restored = new HeapKeyedStateBackend(timerAck.state().keyed().keyGroupRange(), MAX_P)) {
      restored.restore(List.of(timerAck.state().keyed()), new DirectoryCheckpointStorage(savepointDir));
      restored.forEachKey(TaskTimers.STATE_NAME, timerKeys::add);
    }
    assertThat(timerKeys).as("every key's timer, registered before the final checkpoint, is in the savepoint")
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, keys).mapToObj(k -> TestJobs.keyOf(k, keys)).toList());
  }

  // ---------------------------------------------------------------- (d) failures

  @Test
  void anExceptionInUserCodeFailsTheTaskNamingTheOperatorAndTheRecordsPosition() {
    InMemoryRuntime rt = runtime(false);
    rt.deploy(TestJobs.Exploding.class, List.of("--count", "1000", "--fail-at", "57", "--sink", sinkName), 1,
        network(16, 4));
    rt.runUntil(() -> !rt.reports(TaskFailed.class).isEmpty(), 10_000, "the task to fail");
    rt.advance(100);

    List<TaskFailed> failures = rt.reports(TaskFailed.class);
    assertThat(failures).hasSize(1);
    TaskFailed failure = failures.get(0);
    StreamTask exploding = rt.tasksOf("explode").get(0);
    assertThat(failure.attempt()).isEqualTo(exploding.attempt());
    assertThat(exploding.state()).isEqualTo(TaskState.FAILED);
    assertThat(failure.error()).contains("operator 'explode' failed on record 57").contains("cannot handle 57");
    int before = CollectingSink.all(sinkName).size(); // the records processed before the failing one
    assertThat(CollectingSink.all(sinkName)).doesNotContain(57L);
    assertThat(failure.position())
        .contains("on edge 0 from subtask 0")
        .contains("of batch #")
        .endsWith("(input record " + (before + 1) + ")");
    assertThat(failure.stackTrace()).contains("IllegalStateException: cannot handle 57");
    assertThat(failure.corruptCheckpoint()).isEmpty();
    assertThat(rt.tasksOf("numbers").get(0).state()).as("the source's task is not failed by it").isEqualTo(TaskState.RUNNING);
  }

  @Test
  void anExceptionInUserCodeChainedToASourceNamesTheOperatorAndTheSourcePosition() {
    InMemoryRuntime rt = runtime(false);
    rt.deploy(TestJobs.Exploding.class,
        List.of("--count", "1000", "--fail-at", "57", "--sink", sinkName, "--chained"), 1, network(16, 4));
    rt.runUntil(() -> !rt.reports(TaskFailed.class).isEmpty(), 10_000, "the task to fail");

    assertThat(rt.tasks()).hasSize(1);
    TaskFailed failure = rt.reports(TaskFailed.class).get(0);
    assertThat(failure.error()).contains("operator 'explode' failed on record 57");
    assertThat(failure.position()).startsWith("source 'numbers' after ").endsWith(" generated records");
    assertThat(rt.tasks().get(0).state()).isEqualTo(TaskState.FAILED);
  }
}

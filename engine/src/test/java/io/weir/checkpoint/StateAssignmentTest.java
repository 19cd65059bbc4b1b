package io.weir.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.checkpoint.storage.StateFile;
import io.weir.cluster.protocol.TaskRestore;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.TaskVertex;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyGroups;
import io.weir.state.KeyedStateHandle;
import io.weir.state.heap.HeapKeyedStateHandle;
import io.weir.testing.TestJobs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint of the keyed test job ({@code numbers -(hash)-> sum -> out}) taken at one
 * parallelism, restored at another.
 */
class StateAssignmentTest {
  private static final int MAX_PARALLELISM = 128;

  @Test
  void scalingUpFromTwoToThreeHandsEachSubtaskTheOverlappingKeyedHandlesAndEveryOperatorState() {
    CheckpointMetadata checkpoint = checkpointAt(2);
    JobGraph rescaled = TestJobs.graph(new TestJobs.KeyedJob(), 3, MAX_PARALLELISM);

    assertHandsOutStateCorrectly(checkpoint, rescaled);
    // the middle subtask's key groups (43..85) straddle the old split at 64: it needs both old handles
    TaskVertex keyed = keyedTask(rescaled);
    assertThat(StateAssignment.forTask(checkpoint, rescaled, new TaskId(keyed.id(), 1)).keyed()).hasSize(2);
    assertThat(StateAssignment.forTask(checkpoint, rescaled, new TaskId(keyed.id(), 0)).keyed()).hasSize(1);
    assertThat(StateAssignment.forTask(checkpoint, rescaled, new TaskId(keyed.id(), 2)).keyed()).hasSize(1);
  }

  @Test
  void scalingDownFromThreeToOneHandsTheOnlySubtaskEveryHandle() {
    CheckpointMetadata checkpoint = checkpointAt(3);
    JobGraph rescaled = TestJobs.graph(new TestJobs.KeyedJob(), 1, MAX_PARALLELISM);

    assertHandsOutStateCorrectly(checkpoint, rescaled);
    TaskRestore.FromSnapshot only = StateAssignment.forTask(checkpoint, rescaled, new TaskId(keyedTask(rescaled).id(), 0));
    assertThat(only.keyed()).containsExactlyInAnyOrderElementsOf(checkpoint.keyed().get("sum"));
  }

  @Test
  void restoreNamesTheCheckpointAndItsStorage() {
    CheckpointMetadata checkpoint = checkpointAt(2);
    JobGraph graph = TestJobs.graph(new TestJobs.KeyedJob(), 2, MAX_PARALLELISM);

    TaskRestore.FromSnapshot restore = StateAssignment.forTask(checkpoint, graph, new TaskId(graph.tasks().get(0).id(), 0));

    assertThat(restore.checkpointId()).isEqualTo(checkpoint.checkpointId());
    assertThat(restore.storageUri()).isEqualTo(checkpoint.storageUri());
  }

  @Test
  void aSavepointIsRestoredAsASavepointAndACheckpointAsACheckpoint() {
    CheckpointMetadata checkpoint = checkpointAt(2);
    CheckpointMetadata savepoint = new CheckpointMetadata(checkpoint.job(), checkpoint.id(), checkpoint.timestamp(),
        true, "directory:/savepoints/sp-5", checkpoint.keyed(), checkpoint.operators(), 0, 0);
    JobGraph graph = TestJobs.graph(new TestJobs.KeyedJob(), 2, MAX_PARALLELISM);
    TaskId task = new TaskId(keyedTask(graph).id(), 1);

    assertThat(StateAssignment.forTask(checkpoint, graph, task)).isInstanceOf(TaskRestore.FromCheckpoint.class);
    TaskRestore.FromSnapshot fromSavepoint = StateAssignment.forTask(savepoint, graph, task);
    assertThat(fromSavepoint).isInstanceOf(TaskRestore.FromSavepoint.class);
    assertThat(fromSavepoint.storageUri()).isEqualTo("directory:/savepoints/sp-5");
    assertThat(fromSavepoint.keyed()).isEqualTo(StateAssignment.forTask(checkpoint, graph, task).keyed());
  }

  /**
   * Every subtask of the rescaled graph gets exactly the keyed handles holding a key group it owns
   * (ownership by {@link KeyGroups#operatorIndex}, the formula records are routed with), and for every
   * operator of its chain, all the old subtasks' operator state; no other operator's state.
   */
  private static void assertHandsOutStateCorrectly(CheckpointMetadata checkpoint, JobGraph graph) {
    Set<KeyedStateHandle> handedOut = new HashSet<>();
    for (TaskVertex tv : graph.tasks()) {
      for (int subtask = 0; subtask < tv.parallelism(); subtask++) {
        TaskRestore.FromSnapshot restore = StateAssignment.forTask(checkpoint, graph, new TaskId(tv.id(), subtask));

        List<KeyedStateHandle> expectedKeyed = new ArrayList<>();
        if (tv.head().keyed()) {
          for (KeyedStateHandle h : checkpoint.keyed().get(tv.head().name())) {
            if (ownsAKeyGroupOf(subtask, tv.parallelism(), h.keyGroupRange())) {
              expectedKeyed.add(h);
            }
          }
        }
        assertThat(restore.keyed()).as("keyed handles of %s subtask %s", tv.name(), subtask)
            .containsExactlyInAnyOrderElementsOf(expectedKeyed);
        handedOut.addAll(restore.keyed());

        Map<String, List<byte[]>> expectedOperators = new LinkedHashMap<>();
        tv.chain().forEach(v -> {
          if (checkpoint.operators().containsKey(v.name())) {
            expectedOperators.put(v.name(), checkpoint.operators().get(v.name()));
          }
        });
        assertThat(restore.operatorStates()).as("operator state of %s subtask %s", tv.name(), subtask)
            .containsExactlyInAnyOrderEntriesOf(expectedOperators);
      }
    }
    assertThat(handedOut).as("no keyed state is left behind")
        .containsExactlyInAnyOrderElementsOf(checkpoint.keyed().get("sum"));
  }

  private static boolean ownsAKeyGroupOf(int subtask, int parallelism, KeyGroupRange range) {
    for (int kg = range.start(); kg <= range.end(); kg++) {
      if (KeyGroups.operatorIndex(kg, MAX_PARALLELISM, parallelism) == subtask) {
        return true;
      }
    }
    return false;
  }

  private static TaskVertex keyedTask(JobGraph graph) {
    return graph.tasks().stream().filter(t -> t.head().keyed()).findFirst().orElseThrow();
  }

  /** The metadata a checkpoint of the keyed job at {@code parallelism} would have. */
  private static CheckpointMetadata checkpointAt(int parallelism) {
    JobGraph graph = TestJobs.graph(new TestJobs.KeyedJob(), parallelism, MAX_PARALLELISM);
    assertThat(keyedTask(graph).head().name()).isEqualTo("sum");
    List<KeyedStateHandle> handles = new ArrayList<>();
    List<byte[]> sources = new ArrayList<>();
    List<byte[]> sinks = new ArrayList<>();
    for (int s = 0; s < parallelism; s++) {
      KeyGroupRange range = KeyGroups.rangeOf(s, parallelism, MAX_PARALLELISM);
      handles.add(new HeapKeyedStateHandle(range, new StateFile("job/chk-5/1-" + s + "-a0-keyed.state", 100 + s, s)));
      sources.add(("positions of numbers " + s).getBytes(StandardCharsets.UTF_8));
      sinks.add(("pre-committed of out " + s).getBytes(StandardCharsets.UTF_8));
    }
    return new CheckpointMetadata("job", 5, 1234, false, "directory:/cp", Map.of("sum", handles),
        Map.of("numbers", sources, "out", sinks), 0, 0);
  }
}

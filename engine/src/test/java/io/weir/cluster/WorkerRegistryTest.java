package io.weir.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.runtime.JobId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkerRegistryTest {
  private static final JobId JOB = new JobId("job-000001");
  private static final JobId OTHER_JOB = new JobId("job-000002");

  private record Lost(String worker, String incarnation, String reason, long at) {
  }

  private final List<String> added = new ArrayList<>();
  private final List<Lost> lost = new ArrayList<>();
  private final WorkerRegistry registry = new WorkerRegistry(Duration.ofMillis(500), Duration.ofSeconds(3),
      new WorkerRegistry.Listener() {
        @Override
        public void workerAdded(Worker worker) {
          added.add(worker.name() + "/" + worker.incarnation());
        }

        @Override
        public void workerLost(Worker worker, String reason, long detectedAt) {
          lost.add(new Lost(worker.name(), worker.incarnation(), reason, detectedAt));
        }
      });

  @Test
  void registrationAddsTheWorkerWithItsSlots() {
    registry.register("w-1", "i1", "node-a", 4, 1_000);

    assertThat(added).containsExactly("w-1/i1");
    assertThat(registry.worker("w-1").slots()).isEqualTo(4);
    assertThat(registry.totalSlots()).isEqualTo(4);
    assertThat(registry.freeSlots()).isEqualTo(4);
  }

  @Test
  void workerSilentPastTheHeartbeatTimeoutIsDeclaredDeadWithTheHeartbeatsItMissed() {
    registry.register("w-1", "i1", "node-a", 2, 0);
    registry.register("w-2", "i2", "node-b", 2, 0);
    registry.heartbeatAnswered("w-2", "i2", 2_000);

    registry.checkHeartbeats(3_000);
    assertThat(lost).as("exactly at the timeout is not past it").isEmpty();

    registry.checkHeartbeats(3_600);

    assertThat(lost).singleElement().satisfies(l -> {
      assertThat(l.worker()).isEqualTo("w-1");
      assertThat(l.at()).isEqualTo(3_600);
      // silent for 3,600 ms while the leader asked every 500 ms: 7 heartbeats unanswered
      assertThat(l.reason()).contains("missed 7 heartbeats").contains("3600ms");
    });
    assertThat(registry.worker("w-1")).isNull();
    assertThat(registry.worker("w-2")).isNotNull();
  }

  @Test
  void answeredHeartbeatsKeepAWorkerAlive() {
    registry.register("w-1", "i1", "node-a", 2, 0);
    for (long t = 500; t <= 10_000; t += 500) {
      assertThat(registry.heartbeatAnswered("w-1", "i1", t)).isTrue();
      registry.checkHeartbeats(t);
    }

    assertThat(lost).isEmpty();
  }

  @Test
  void heartbeatAnswerFromAnUnknownIncarnationIsRefused() {
    registry.register("w-1", "i1", "node-a", 2, 0);

    assertThat(registry.heartbeatAnswered("w-1", "old-incarnation", 100)).isFalse();
    assertThat(registry.heartbeatAnswered("w-9", "i9", 100)).isFalse();
    registry.checkHeartbeats(3_100);
    assertThat(lost).as("a stranger's answer does not keep w-1 alive").extracting(Lost::worker).containsExactly("w-1");
  }

  @Test
  void nodeLeftKillsEveryWorkerOnThatNodeAtOnce() {
    registry.register("w-1", "i1", "node-a", 2, 0);
    registry.register("w-2", "i2", "node-a", 2, 0);
    registry.register("w-3", "i3", "node-b", 2, 0);

    registry.nodeLeft("node-a", 50);

    assertThat(lost).extracting(Lost::worker).containsExactlyInAnyOrder("w-1", "w-2");
    assertThat(lost).allSatisfy(l -> {
      assertThat(l.at()).isEqualTo(50);
      assertThat(l.reason()).contains("left the cluster");
    });
    assertThat(registry.workers()).extracting(Worker::name).containsExactly("w-3");
  }

  @Test
  void reRegistrationWithANewIncarnationLosesTheOldOne() {
    registry.register("w-1", "i1", "node-a", 2, 0);
    List<Slot> held = registry.allocate(JOB, 1, Set.of());

    registry.register("w-1", "i2", "node-c", 3, 100);

    assertThat(lost).singleElement().satisfies(l -> {
      assertThat(l.incarnation()).isEqualTo("i1");
      assertThat(l.reason()).contains("new incarnation");
    });
    assertThat(added).containsExactly("w-1/i1", "w-1/i2");
    assertThat(registry.worker("w-1").incarnation()).isEqualTo("i2");
    assertThat(registry.alive(held.get(0))).as("a slot of the old incarnation is dead").isFalse();
    assertThat(registry.freeSlots()).isEqualTo(3);
  }

  @Test
  void reRegistrationWithTheSameIncarnationOnlyRefreshesIt() {
    registry.register("w-1", "i1", "node-a", 2, 0);

    registry.register("w-1", "i1", "node-a", 2, 2_500);
    registry.checkHeartbeats(4_000);

    assertThat(added).hasSize(1);
    assertThat(lost).isEmpty();
  }

  @Test
  void allocationSpreadsSlotsOverTheWorkers() {
    registry.register("w-1", "i1", "node-a", 3, 0);
    registry.register("w-2", "i2", "node-b", 3, 0);
    registry.register("w-3", "i3", "node-c", 3, 0);

    List<Slot> slots = registry.allocate(JOB, 3, Set.of());

    assertThat(slots).extracting(Slot::worker).containsExactlyInAnyOrder("w-1", "w-2", "w-3");
    assertThat(slots).allSatisfy(s -> assertThat(registry.alive(s)).isTrue());
    assertThat(registry.freeSlots()).isEqualTo(6);

    List<Slot> more = registry.allocate(OTHER_JOB, 4, Set.of());
    Map<String, Long> perWorker = more.stream().collect(Collectors.groupingBy(Slot::worker, Collectors.counting()));
    assertThat(perWorker.values()).as("4 slots over 3 workers: 2, 1, 1").containsExactlyInAnyOrder(2L, 1L, 1L);
    assertThat(more.stream().map(s -> s.worker() + "[" + s.index() + "]").distinct()).hasSize(4);
  }

  @Test
  void allocationPrefersTheMostFreeWorkerAndAvoidsTheWorkersNamedWhileOthersHaveRoom() {
    registry.register("w-1", "i1", "node-a", 4, 0);
    registry.register("w-2", "i2", "node-b", 1, 0);

    assertThat(registry.allocate(JOB, 1, Set.of()).get(0).worker()).isEqualTo("w-1");
    assertThat(registry.allocate(JOB, 1, Set.of("w-1")).get(0).worker()).isEqualTo("w-2");
    assertThat(registry.allocate(JOB, 1, Set.of("w-1")).get(0).worker())
        .as("w-2 is full, so w-1 it is").isEqualTo("w-1");
  }

  @Test
  void allocationRefusesWhenTooFewSlotsAreFreeAndAllocatesNothing() {
    registry.register("w-1", "i1", "node-a", 2, 0);
    registry.register("w-2", "i2", "node-b", 1, 0);
    registry.allocate(OTHER_JOB, 1, Set.of());

    assertThat(registry.allocate(JOB, 3, Set.of())).isNull();

    assertThat(registry.freeSlots()).isEqualTo(2);
    assertThat(registry.allocate(JOB, 2, Set.of())).hasSize(2);
  }

  @Test
  void releasedSlotsCanBeAllocatedAgainButOnlyByTheirOwner() {
    registry.register("w-1", "i1", "node-a", 1, 0);
    Slot slot = registry.allocate(JOB, 1, Set.of()).get(0);

    registry.release(OTHER_JOB, slot);
    assertThat(registry.freeSlots()).as("another job cannot release it").isZero();
    registry.release(JOB, slot);

    assertThat(registry.freeSlots()).isEqualTo(1);
    assertThat(registry.allocate(OTHER_JOB, 1, Set.of())).extracting(Function.identity()).containsExactly(slot);
  }
}

package io.weir.cluster.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.weir.cluster.JobStatus;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobStoreTest {
  private final JobStore store = new JobStore.InMemory();

  static StoredJob job(String id) {
    return StoredJob.submitted(new JobId(id), new JobSpec("checked-count", List.of("--keys", "10"), 2,
        new JsonObject().put("checkpoint", new JsonObject().put("interval", "1s"))),
        new JsonObject().put("heartbeat", new JsonObject().put("timeout", "3s")), "/tmp/savepoints/sp-1");
  }

  @Test
  void aStoredJobRoundTripsThroughItsJson() {
    StoredJob j = job("a-1").withLatestCheckpoint(new CheckpointPointer(4, "/c/a-1/chk-4/_metadata")).withEpoch(3);
    assertEquals(j, StoredJob.fromJson(new JsonObject(j.toJson().encode())));
    JobUpdate.Result r = new JobUpdate.Result(j, 0, false);
    assertEquals(r, JobUpdate.Result.decode(r.encode()));
  }

  @Test
  void everyUpdateRoundTripsThroughItsEncoding() {
    for (JobUpdate u : List.of(new JobUpdate.Create(job("a-1")), new JobUpdate.Status(JobStatus.RUNNING),
        new JobUpdate.Checkpoint(new CheckpointPointer(2, "x")), new JobUpdate.TakeOver(), new JobUpdate.Forget())) {
      assertEquals(u, JobUpdate.decode(u.encode()));
    }
  }

  @Test
  void aWriteUnderALowerEpochThanTheRecordsIsRefused() {
    store.create(4, job("a-1"));
    store.updateStatus(5, new JobId("a-1"), JobStatus.RUNNING);
    StaleEpochException e = assertThrows(StaleEpochException.class,
        () -> store.completeCheckpoint(4, new JobId("a-1"), new CheckpointPointer(1, "x")));
    assertEquals(5, e.highest());
    assertNull(store.get(new JobId("a-1")).latestCheckpoint());
    assertEquals(5, store.get(new JobId("a-1")).epoch());
  }

  @Test
  void theCheckpointPointerOnlyMovesForward() {
    JobId id = new JobId("a-1");
    store.create(1, job("a-1"));
    store.completeCheckpoint(1, id, new CheckpointPointer(3, "chk-3"));
    store.completeCheckpoint(1, id, new CheckpointPointer(2, "chk-2"));
    store.completeCheckpoint(1, id, new CheckpointPointer(3, "chk-3"));
    assertEquals(new CheckpointPointer(3, "chk-3"), store.get(id).latestCheckpoint());
  }

  @Test
  void takingOverRaisesEveryRecordAndReturnsTheJobsThatHaveNotEnded() {
    store.create(1, job("a-1"));
    store.create(1, job("b-2"));
    store.updateStatus(1, new JobId("b-2"), JobStatus.FINISHED);
    List<StoredJob> running = store.takeOver(2);
    assertEquals(List.of(new JobId("a-1")), running.stream().map(StoredJob::id).toList());
    assertEquals(2, store.get(new JobId("b-2")).epoch());
    assertThrows(StaleEpochException.class, () -> store.updateStatus(1, new JobId("a-1"), JobStatus.CANCELED));
    assertThrows(StaleEpochException.class, () -> store.takeOver(1), "an older leader cannot take over again");
  }

  @Test
  void aWriteToAJobThatIsNotStoredSaysSo() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> store.updateStatus(1, new JobId("nope-1"), JobStatus.RUNNING));
    assertTrue(e.getMessage().startsWith("job store has no job nope-1"), e.getMessage());
  }

  @Test
  void forgettingDeletesTheRecord() {
    store.create(1, job("a-1"));
    store.forget(1, new JobId("a-1"));
    assertNull(store.get(new JobId("a-1")));
  }

  @Test
  void aTakeOverByKeyRaisesThoseRecordsOnlyAndLeavesOutEndedAndMissingJobs() {
    store.create(1, job("a-1"));
    store.create(1, job("b-1"));
    store.create(1, job("c-1"));
    store.updateStatus(1, new JobId("c-1"), JobStatus.CANCELED);

    List<StoredJob> taken = store.takeOver(2, Set.of(new JobId("a-1"), new JobId("c-1"), new JobId("gone-1")));

    assertEquals(List.of(new JobId("a-1")), taken.stream().map(StoredJob::id).toList());
    assertEquals(2, store.get(new JobId("a-1")).epoch());
    assertEquals(2, store.get(new JobId("c-1")).epoch());
    assertEquals(1, store.get(new JobId("b-1")).epoch());
    assertEquals(Set.of(new JobId("a-1"), new JobId("b-1"), new JobId("c-1")), store.knownJobs());
  }
}

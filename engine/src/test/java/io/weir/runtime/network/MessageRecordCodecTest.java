package io.weir.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.TaskStateSnapshot;
import io.weir.checkpoint.storage.StateFile;
import io.weir.cluster.protocol.AcknowledgeCheckpoint;
import io.weir.cluster.protocol.CheckpointAborted;
import io.weir.cluster.protocol.CheckpointComplete;
import io.weir.cluster.protocol.CreditGrant;
import io.weir.cluster.protocol.DeclineCheckpoint;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.FinishTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskRestore;
import io.weir.cluster.protocol.TriggerCheckpoint;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.runtime.TaskId;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyedStateHandle;
import io.weir.state.heap.HeapKeyedStateHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageRecordCodecTest {
  private final MessageRecordCodec codec = new MessageRecordCodec();
  private final TaskAttempt attempt = new TaskAttempt(new JobId("job-1a2b3c"), new TaskId(2, 1), 3);

  private Record wireRoundTrip(Record message) {
    Buffer buffer = Buffer.buffer().appendString("hdr");
    codec.encodeToWire(buffer, message);
    return codec.decodeFromWire(3, buffer);
  }

  @Test
  void controlMessagesRoundTripOverTheWire() {
    List<Record> messages = List.of(
        new CreditGrant(3, 1, 0, 4),
        new TriggerCheckpoint(7, attempt, new CheckpointBarrier(new CheckpointId(12), 1234, false, null)));
    for (Record m : messages) {
      assertThat(wireRoundTrip(m)).isEqualTo(m).isNotSameAs(m);
    }
  }

  @Test
  void deploymentWithJobSpecAndConfigRoundTripsOverTheWire() {
    JobSpec spec = new JobSpec("word-count", List.of("--keys", "3"), 2,
        new JsonObject().put("checkpoint", new JsonObject().put("interval", "5s")));
    TaskRestore restore = new TaskRestore.FromCheckpoint(new CheckpointId(4), "directory:/tmp/x",
        List.of(new HeapKeyedStateHandle(new KeyGroupRange(0, 63), new StateFile("job/chk-4/f", 10, 99))), Map.of());
    DeployTask deploy = new DeployTask(7, attempt, spec, WeirConfig.defaults().toJson(), "directory:/tmp/x", restore,
        Map.of(attempt.task(), "w-1", new TaskId(1, 0), "w-2"));

    DeployTask back = (DeployTask) wireRoundTrip(deploy);

    assertThat(back).isEqualTo(deploy);
  }

  @Test
  void everyKindOfRestoreRoundTripsOverTheWireAsItsOwnRecord() {
    JobSpec spec = new JobSpec("word-count", List.of(), 1, new JsonObject());
    List<KeyedStateHandle> handles = List.of(
        new HeapKeyedStateHandle(new KeyGroupRange(0, 127), new StateFile("job/chk-9/f", 10, 1)));
    List<TaskRestore> restores = List.of(
        new TaskRestore.FreshStart(),
        new TaskRestore.NoCheckpointYet(),
        new TaskRestore.FromCheckpoint(new CheckpointId(9), "directory:/tmp/x", handles, Map.of()),
        new TaskRestore.FromSavepoint(new CheckpointId(2), "directory:/tmp/savepoints/sp-2", List.of(), Map.of()));
    for (TaskRestore restore : restores) {
      DeployTask deploy = new DeployTask(7, attempt, spec, new JsonObject(), "directory:/tmp/x", restore, Map.of());

      DeployTask back = (DeployTask) wireRoundTrip(deploy);

      assertThat(back.restore()).isEqualTo(restore).hasSameClassAs(restore);
    }
  }

  @Test
  void savepointRestoreKeepsItsOperatorStateBytesOverTheWire() {
    TaskRestore.FromSavepoint restore = new TaskRestore.FromSavepoint(new CheckpointId(2), "directory:/tmp/sp", List.of(),
        Map.of("numbers", List.of(new byte[] {4, 5})));

    DeployTask back = (DeployTask) wireRoundTrip(new DeployTask(7, attempt,
        new JobSpec("word-count", List.of(), 1, new JsonObject()), new JsonObject(), "directory:/tmp/x", restore, Map.of()));

    TaskRestore.FromSavepoint read = (TaskRestore.FromSavepoint) back.restore();
    assertThat(read.checkpointId()).isEqualTo(new CheckpointId(2));
    assertThat(read.operatorStates().get("numbers")).singleElement().satisfies(b -> assertThat(b).containsExactly(4, 5));
  }

  @Test
  void acknowledgementWithStateHandlesRoundTripsOverTheWire() {
    var handle = new HeapKeyedStateHandle(new KeyGroupRange(64, 127), new StateFile("job/chk-1/2-1-a3-keyed.state", 512, 7));
    AcknowledgeCheckpoint ack = new AcknowledgeCheckpoint(attempt, new CheckpointId(1),
        new TaskStateSnapshot(handle, Map.of("numbers", new byte[] {1, 2, 3})), 2, 30, 5);

    AcknowledgeCheckpoint back = (AcknowledgeCheckpoint) wireRoundTrip(ack);

    assertThat(back.attempt()).isEqualTo(attempt);
    assertThat(back.checkpointId()).isEqualTo(new CheckpointId(1));
    assertThat(back.state().keyed()).isEqualTo(handle);
    assertThat(back.state().operatorState()).containsOnlyKeys("numbers");
    assertThat(back.state().operatorState().get("numbers")).containsExactly(1, 2, 3);
    assertThat(List.of(back.syncMillis(), back.asyncMillis(), back.alignmentMillis())).containsExactly(2L, 30L, 5L);
  }

  @Test
  void everyMessageNamingACheckpointRoundTripsItsIdOverTheWire() {
    CheckpointId id = new CheckpointId(17);
    List<Record> messages = List.of(
        new CheckpointComplete(7, attempt, id),
        new CheckpointAborted(7, attempt, id, "expired"),
        new DeclineCheckpoint(attempt, id, "disk full"),
        new FinishTask(7, attempt, id),
        new TaskFailed(attempt, "boom", "trace", "restore", 99, Optional.of(id), ""),
        new TaskFailed(attempt, "boom", "trace", "", 99, Optional.empty(), "sink"),
        new AcknowledgeCheckpoint(attempt, id, new TaskStateSnapshot(null, Map.of()), 1, 2, 3));
    for (Record m : messages) {
      assertThat(wireRoundTrip(m)).as("%s", m.getClass().getSimpleName()).isEqualTo(m).isNotSameAs(m);
    }
    TaskFailed corrupt = (TaskFailed) wireRoundTrip(messages.get(4));
    assertThat(corrupt.corruptCheckpoint()).hasValue(id);
    assertThat(corrupt.corruptCheckpoint().orElseThrow().value()).isEqualTo(17);
  }

  @Test
  void theWireFormStartsWithTheProtocolVersion() {
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, new CreditGrant(3, 1, 0, 4));

    assertThat(buffer.getInt(0)).isEqualTo(MessageRecordCodec.PROTOCOL_VERSION);
    assertThat(buffer.getInt(4)).as("the body's length").isEqualTo(buffer.length() - 8);
  }

  @Test
  void aMessageOfAnotherProtocolVersionIsRefusedNamingBothVersions() {
    Buffer buffer = Buffer.buffer().appendString("hdr");
    codec.encodeToWire(buffer, new TriggerCheckpoint(7, attempt, new CheckpointBarrier(new CheckpointId(12), 1234, false, null)));
    int other = MessageRecordCodec.PROTOCOL_VERSION + 1;
    buffer.setInt(3, other);

    assertThatThrownBy(() -> codec.decodeFromWire(3, buffer))
        .isInstanceOf(MessageRecordCodec.IncompatibleProtocolException.class)
        .hasMessageContaining("protocol version " + other)
        .hasMessageContaining("version " + MessageRecordCodec.PROTOCOL_VERSION);
  }

  @Test
  void transformHandsOverTheSameMessageInOneJvm() {
    CreditGrant grant = new CreditGrant(0, 0, 0, 1);
    assertThat(codec.transform(grant)).isSameAs(grant);
  }
}

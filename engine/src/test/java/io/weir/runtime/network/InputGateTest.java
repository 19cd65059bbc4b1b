package io.weir.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.checkpoint.BarrierHandler;
import io.weir.checkpoint.CheckpointId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InputGateTest {
  private static final int ATTEMPT = 2;

  /** Channels 0 and 1: edge 0 from subtasks 0 and 1 (all-to-all); channel 2: edge 1 forward from subtask 1. */
  private InputGate gate;
  private final Blocking blocking = new Blocking();
  private final long[] sequences = new long[3];

  /** A barrier handler whose blocked channels the test sets. */
  static final class Blocking implements BarrierHandler {
    final Set<Integer> blocked = new HashSet<>();

    @Override
    public void onBarrier(int channel, CheckpointBarrier barrier) {
    }

    @Override
    public boolean isBlocked(int channel) {
      return blocked.contains(channel);
    }

    @Override
    public void abort(CheckpointId checkpointId) {
    }
  }

  @BeforeEach
  void createGate() {
    List<InputGate.Channel> channels = List.of(
        new InputGate.Channel(0, 0, "ctl-0"), new InputGate.Channel(0, 1, "ctl-1"), new InputGate.Channel(1, 1, "ctl-1"));
    gate = new InputGate(ATTEMPT, channels, Map.of(0, new int[] {0, 1}, 1, new int[] {-1, 2}));
  }

  private static int edgeOf(int channel) {
    return channel == 2 ? 1 : 0;
  }

  private static int senderOf(int channel) {
    return channel == 0 ? 0 : 1;
  }

  private DataBatch records(int channel, Object... records) {
    return DataBatch.records(ATTEMPT, edgeOf(channel), senderOf(channel), sequences[channel]++, records, records.length);
  }

  private DataBatch barrier(int channel, long id) {
    return DataBatch.barrier(ATTEMPT, edgeOf(channel), senderOf(channel), sequences[channel]++,
        new CheckpointBarrier(new CheckpointId(id), 0, false, null));
  }

  private DataBatch endOfInput(int channel) {
    return DataBatch.endOfInput(ATTEMPT, edgeOf(channel), senderOf(channel), sequences[channel]++);
  }

  private List<Object> drain() {
    List<Object> out = new ArrayList<>();
    DataBatch b;
    while ((b = gate.next(blocking)) != null) {
      out.add(b.kind() == DataBatch.Kind.RECORDS ? b.records()[0] : b.kind() + "@" + gate.channelOf(b));
    }
    return out;
  }

  @Test
  void batchesAreQueuedInArrivalOrderAcrossChannels() {
    assertThat(gate.receive(records(0, "a"))).isNull();
    assertThat(gate.receive(records(2, "b"))).isNull();
    assertThat(gate.receive(records(1, "c"))).isNull();
    assertThat(gate.receive(records(0, "d"))).isNull();
    assertThat(gate.buffered()).isEqualTo(4);
    assertThat(drain()).containsExactly("a", "b", "c", "d");
    assertThat(gate.buffered()).isZero();
  }

  @Test
  void channelOfMapsEdgeAndSenderToTheChannel() {
    assertThat(gate.channelOf(records(0, "x"))).isZero();
    assertThat(gate.channelOf(records(1, "x"))).isEqualTo(1);
    assertThat(gate.channelOf(records(2, "x"))).isEqualTo(2);
  }

  @Test
  void aBatchOfAnotherAttemptIsRejected() {
    DataBatch old = DataBatch.records(ATTEMPT - 1, 0, 0, 0, new Object[] {"zombie"}, 1);
    assertThat(gate.receive(old)).isEqualTo("a batch of attempt 1 reached attempt 2");
    assertThat(gate.buffered()).isZero();
  }

  @Test
  void aBatchOnAnUnknownChannelIsRejected() {
    assertThat(gate.receive(DataBatch.records(ATTEMPT, 9, 0, 0, new Object[] {"x"}, 1)))
        .isEqualTo("a batch on edge 9 from subtask 0 matches no input channel");
    assertThat(gate.receive(DataBatch.records(ATTEMPT, 1, 0, 0, new Object[] {"x"}, 1)))
        .as("edge 1 is forward from subtask 1 only")
        .isEqualTo("a batch on edge 1 from subtask 0 matches no input channel");
    assertThat(gate.receive(DataBatch.records(ATTEMPT, 0, 5, 0, new Object[] {"x"}, 1)))
        .isEqualTo("a batch on edge 0 from subtask 5 matches no input channel");
    assertThat(gate.buffered()).isZero();
  }

  @Test
  void anOutOfSequenceBatchIsRejectedAndTheExpectedOneStillAccepted() {
    DataBatch first = records(0, "first");
    DataBatch second = records(0, "second");
    assertThat(gate.receive(second))
        .isEqualTo("channel edge 0 from subtask 0 expected message #0 but got #1 (a message was lost or reordered)");
    assertThat(gate.receive(first)).isNull();
    assertThat(gate.receive(first)).as("a duplicate").contains("expected message #1 but got #0");
    assertThat(gate.receive(second)).isNull();
    assertThat(drain()).containsExactly("first", "second");
  }

  @Test
  void recordsAfterEndOfInputAreRejected() {
    assertThat(gate.receive(endOfInput(1))).isNull();
    assertThat(drain()).containsExactly("END_OF_INPUT@1");
    gate.markEnded(1);
    assertThat(gate.receive(records(1, "late"))).isEqualTo("channel edge 0 from subtask 1 sent records after its end of input");
  }

  @Test
  void anUndecodableBatchIsRejectedWithItsError() {
    assertThat(gate.receive(DataBatch.undecodable(ATTEMPT, 0, 0, 0, "record 3 cannot be deserialized")))
        .isEqualTo("record 3 cannot be deserialized");
  }

  @Test
  void allEndedOnlyWhenEveryChannelEnded() {
    gate.markEnded(0);
    gate.markEnded(2);
    gate.markEnded(2);
    assertThat(gate.allEnded()).isFalse();
    gate.markEnded(1);
    assertThat(gate.allEnded()).isTrue();
  }

  @Test
  void batchesOfABlockedChannelAreHeldAndReleasedInOrderBeforeLaterArrivals() {
    gate.receive(records(0, "a1"));
    gate.receive(barrier(0, 1));
    gate.receive(records(0, "a2"));
    gate.receive(records(1, "b1"));
    gate.receive(records(0, "a3"));
    gate.receive(records(2, "c1"));

    assertThat(gate.next(blocking).records()[0]).isEqualTo("a1");
    assertThat(gate.next(blocking).kind()).isEqualTo(DataBatch.Kind.BARRIER);
    blocking.blocked.add(0); // the barrier handler blocks channel 0 after its barrier
    assertThat(drain()).as("channel 0 is held back, the others flow").containsExactly("b1", "c1");
    assertThat(gate.buffered()).as("held batches still count as buffered").isEqualTo(2);

    gate.receive(records(1, "b2"));
    gate.receive(records(0, "a4"));
    blocking.blocked.clear();
    gate.releaseHeld();
    assertThat(drain()).as("held batches first, in their order, then the queue")
        .containsExactly("a2", "a3", "b2", "a4");
    assertThat(gate.buffered()).isZero();
  }

  @Test
  void heldBatchesOfSeveralChannelsKeepEachChannelsOrder() {
    blocking.blocked.addAll(List.of(0, 2));
    gate.receive(records(0, "a1"));
    gate.receive(records(2, "c1"));
    gate.receive(records(0, "a2"));
    gate.receive(records(1, "b1"));
    gate.receive(records(2, "c2"));
    assertThat(drain()).containsExactly("b1");
    blocking.blocked.clear();
    gate.releaseHeld();
    List<Object> released = drain();
    assertThat(released).containsExactlyInAnyOrder("a1", "a2", "c1", "c2");
    assertThat(released.indexOf("a1")).isLessThan(released.indexOf("a2"));
    assertThat(released.indexOf("c1")).isLessThan(released.indexOf("c2"));
  }
}

package io.weir.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.config.CheckpointMode;
import io.weir.runtime.network.CheckpointBarrier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BarrierHandlerTest {
  private long nanos = 1_000;
  private final List<String> events = new ArrayList<>();
  private final List<Long> alignments = new ArrayList<>();

  private final BarrierHandler.Actions actions = new BarrierHandler.Actions() {
    @Override
    public void snapshot(CheckpointBarrier barrier, long alignmentNanos) {
      events.add("snapshot " + barrier.id());
      alignments.add(alignmentNanos);
    }

    @Override
    public void abandoned(long checkpointId, String reason) {
      events.add("abandoned " + checkpointId + ": " + reason);
    }

    @Override
    public void unblocked() {
      events.add("unblocked");
    }
  };

  private BarrierHandler handler(CheckpointMode mode, int channels) {
    BarrierHandler h = BarrierHandler.create(mode, channels, actions, () -> nanos);
    assertThat(h).isInstanceOf(mode == CheckpointMode.EXACTLY_ONCE ? AlignedBarrierHandler.class : AtLeastOnceBarrierHandler.class);
    return h;
  }

  private static CheckpointBarrier barrier(long id) {
    return new CheckpointBarrier(id, 0, false, null);
  }

  private static List<Integer> blocked(BarrierHandler h, int channels) {
    return IntStream.range(0, channels).filter(h::isBlocked).boxed().toList();
  }

  // ------------------------------------------------------------ exactly-once (aligned)

  @Test
  void alignedBarrierBlocksChannelUntilAllInputsDeliver() throws Exception {
    BarrierHandler h = handler(CheckpointMode.EXACTLY_ONCE, 2);
    assertThat(blocked(h, 2)).isEmpty();

    h.onBarrier(1, barrier(1));
    assertThat(blocked(h, 2)).containsExactly(1);
    assertThat(events).isEmpty();

    h.onBarrier(0, barrier(1));
    assertThat(events).containsExactly("snapshot 1", "unblocked");
    assertThat(blocked(h, 2)).isEmpty();
  }

  @Test
  void alignedWithThreeInputsSnapshotsOnlyAfterTheThirdBarrier() throws Exception {
    BarrierHandler h = handler(CheckpointMode.EXACTLY_ONCE, 3);
    h.onBarrier(2, barrier(4));
    assertThat(blocked(h, 3)).containsExactly(2);
    h.onBarrier(0, barrier(4));
    assertThat(blocked(h, 3)).containsExactly(0, 2);
    assertThat(events).isEmpty();
    h.onBarrier(1, barrier(4));
    assertThat(events).containsExactly("snapshot 4", "unblocked");
    assertThat(blocked(h, 3)).isEmpty();
  }

  @Test
  void alignedSnapshotIsGivenTheTimeFromFirstToLastBarrier() throws Exception {
    BarrierHandler h = handler(CheckpointMode.EXACTLY_ONCE, 3);
    h.onBarrier(0, barrier(1));
    nanos += 150;
    h.onBarrier(1, barrier(1));
    nanos += 100;
    h.onBarrier(2, barrier(1));
    assertThat(alignments).containsExactly(250L);

    nanos += 5_000; // the next alignment is timed from its own first barrier
    h.onBarrier(2, barrier(2));
    nanos += 7;
    h.onBarrier(1, barrier(2));
    h.onBarrier(0, barrier(2));
    assertThat(alignments).containsExactly(250L, 7L);
  }

  @Test
  void alignedNewerBarrierAbandonsTheOlderAlignment() throws Exception {
    BarrierHandler h = handler(CheckpointMode.EXACTLY_ONCE, 3);
    h.onBarrier(0, barrier(1));
    h.onBarrier(1, barrier(1));
    assertThat(blocked(h, 3)).containsExactly(0, 1);

    nanos += 40;
    h.onBarrier(2, barrier(2));
    assertThat(events).hasSize(2);
    assertThat(events.get(0)).isEqualTo("unblocked");
    assertThat(events.get(1)).startsWith("abandoned 1: ").contains("checkpoint 2");
    assertThat(blocked(h, 3)).as("only the channel that delivered barrier 2 waits").containsExactly(2);

    nanos += 60;
    h.onBarrier(0, barrier(2));
    h.onBarrier(1, barrier(2));
    assertThat(events).endsWith("snapshot 2", "unblocked");
    assertThat(alignments).containsExactly(60L);
    assertThat(blocked(h, 3)).isEmpty();
  }

  @Test
  void alignedAbortByTheCoordinatorUnblocksAndIgnoresTheRestOfThatCheckpoint() throws Exception {
    BarrierHandler h = handler(CheckpointMode.EXACTLY_ONCE, 2);
    h.onBarrier(0, barrier(5));
    assertThat(blocked(h, 2)).containsExactly(0);

    h.abort(5);
    assertThat(blocked(h, 2)).isEmpty();
    assertThat(events).containsExactly("unblocked");

    h.onBarrier(1, barrier(5));
    assertThat(blocked(h, 2)).as("a barrier of the aborted checkpoint blocks nothing").isEmpty();
    assertThat(events).containsExactly("unblocked");

    h.onBarrier(1, barrier(6));
    h.onBarrier(0, barrier(6));
    assertThat(events).containsExactly("unblocked", "snapshot 6", "unblocked");
  }

  @Test
  void alignedAbortOfACheckpointNotYetSeenIgnoresItsBarriersLater() throws Exception {
    BarrierHandler h = handler(CheckpointMode.EXACTLY_ONCE, 2);
    h.abort(3);
    assertThat(events).as("nothing was blocked").isEmpty();
    h.onBarrier(0, barrier(3));
    h.onBarrier(1, barrier(3));
    assertThat(blocked(h, 2)).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void alignedAbortOfANewerCheckpointReleasesTheOlderAlignment() throws Exception {
    BarrierHandler h = handler(CheckpointMode.EXACTLY_ONCE, 2);
    h.onBarrier(0, barrier(1));
    assertThat(blocked(h, 2)).containsExactly(0);

    h.abort(2); // checkpoint 1's barriers are now ignored, so its alignment can never complete
    assertThat(blocked(h, 2)).isEmpty();

    h.onBarrier(1, barrier(1));
    h.onBarrier(1, barrier(2));
    assertThat(events).as("no snapshot of checkpoint 2 from channel 1's barrier alone").noneMatch(e -> e.startsWith("snapshot"));
    assertThat(blocked(h, 2)).isEmpty();
  }

  @Test
  void alignedIgnoresStaleAndDuplicateBarriers() throws Exception {
    BarrierHandler h = handler(CheckpointMode.EXACTLY_ONCE, 2);
    h.onBarrier(0, barrier(7));
    h.onBarrier(1, barrier(7));
    assertThat(events).containsExactly("snapshot 7", "unblocked");

    h.onBarrier(0, barrier(7));
    h.onBarrier(1, barrier(6));
    assertThat(blocked(h, 2)).isEmpty();
    assertThat(events).containsExactly("snapshot 7", "unblocked");
  }

  @Test
  void alignedWithOneInputSnapshotsAtOnceWithoutBlocking() throws Exception {
    BarrierHandler h = handler(CheckpointMode.EXACTLY_ONCE, 1);
    h.onBarrier(0, barrier(1));
    assertThat(events).containsExactly("snapshot 1", "unblocked");
    assertThat(alignments).containsExactly(0L);
    assertThat(blocked(h, 1)).isEmpty();
  }

  // ------------------------------------------------------------ at-least-once

  @Test
  void atLeastOnceNeverBlocksAndSnapshotsWhenTheLastBarrierArrives() throws Exception {
    BarrierHandler h = handler(CheckpointMode.AT_LEAST_ONCE, 2);
    h.onBarrier(0, barrier(1));
    assertThat(blocked(h, 2)).isEmpty();
    assertThat(events).isEmpty();
    nanos += 90;
    h.onBarrier(1, barrier(1));
    assertThat(events).containsExactly("snapshot 1");
    assertThat(alignments).containsExactly(90L);
  }

  @Test
  void atLeastOnceWithThreeInputsWaitsForEveryBarrierWithoutBlocking() throws Exception {
    BarrierHandler h = handler(CheckpointMode.AT_LEAST_ONCE, 3);
    h.onBarrier(1, barrier(2));
    h.onBarrier(2, barrier(2));
    assertThat(blocked(h, 3)).isEmpty();
    assertThat(events).isEmpty();
    h.onBarrier(0, barrier(2));
    assertThat(events).containsExactly("snapshot 2");
    assertThat(blocked(h, 3)).isEmpty();
  }

  @Test
  void atLeastOnceNewerBarrierAbandonsTheOlderCheckpoint() throws Exception {
    BarrierHandler h = handler(CheckpointMode.AT_LEAST_ONCE, 3);
    h.onBarrier(0, barrier(1));
    h.onBarrier(1, barrier(1));
    h.onBarrier(2, barrier(2));
    assertThat(events).hasSize(1);
    assertThat(events.get(0)).startsWith("abandoned 1: ").contains("checkpoint 2");

    h.onBarrier(2, barrier(1));
    assertThat(events).as("a straggler of checkpoint 1 is ignored").hasSize(1);
    h.onBarrier(0, barrier(2));
    h.onBarrier(1, barrier(2));
    assertThat(events).last().isEqualTo("snapshot 2");
    assertThat(blocked(h, 3)).isEmpty();
  }

  @Test
  void atLeastOnceAbortForgetsTheCheckpoint() throws Exception {
    BarrierHandler h = handler(CheckpointMode.AT_LEAST_ONCE, 2);
    h.onBarrier(0, barrier(3));
    h.abort(3);
    h.onBarrier(1, barrier(3));
    assertThat(events).as("no snapshot of an aborted checkpoint").isEmpty();

    h.onBarrier(0, barrier(4));
    h.onBarrier(1, barrier(4));
    assertThat(events).containsExactly("snapshot 4");
  }

  @Test
  void atLeastOnceIgnoresStaleAndDuplicateBarriers() throws Exception {
    BarrierHandler h = handler(CheckpointMode.AT_LEAST_ONCE, 2);
    h.onBarrier(0, barrier(5));
    h.onBarrier(1, barrier(5));
    h.onBarrier(0, barrier(5));
    h.onBarrier(1, barrier(4));
    assertThat(events).containsExactly("snapshot 5");
  }
}

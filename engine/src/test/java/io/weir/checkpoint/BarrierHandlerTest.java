package io.weir.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.config.CheckpointMode;
import io.weir.runtime.network.CheckpointBarrier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The barrier handlers of both modes, driven channel by channel. Most tests are tables: each row is
 * what arrives, what the handler did on it, and which channels it blocks after it.
 */
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
    public void abandoned(CheckpointId checkpointId, String reason) {
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
    return new CheckpointBarrier(new CheckpointId(id), 0, false, null);
  }

  private static List<Integer> blocked(BarrierHandler h, int channels) {
    return IntStream.range(0, channels).filter(h::isBlocked).boxed().toList();
  }

  // ------------------------------------------------------------ protocol tables

  /** What arrives at the handler: a barrier on a channel, or the coordinator's abort. */
  private interface Arrival {
    void deliver(BarrierHandler h) throws Exception;
  }

  /**
   * One row of a protocol table: what arrives, everything the handler does on it (nothing unless
   * {@link #does} says), and which channels are blocked afterwards (none unless {@link #blocks} says).
   */
  private record Row(String what, Arrival arrival, List<String> actions, List<Integer> blocked) {
    Row does(String... actions) {
      return new Row(what, arrival, List.of(actions), blocked);
    }

    Row blocks(Integer... channels) {
      return new Row(what, arrival, actions, List.of(channels));
    }
  }

  private static Row barrierOn(int channel, long id) {
    return new Row("barrier " + id + " on channel " + channel, h -> h.onBarrier(channel, barrier(id)), List.of(), List.of());
  }

  private static Row abort(long id) {
    return new Row("abort of checkpoint " + id, h -> h.abort(new CheckpointId(id)), List.of(), List.of());
  }

  /** Delivers the rows in order to a new handler and checks, after each, what it did and what it blocks. */
  private void play(CheckpointMode mode, int channels, Row... rows) throws Exception {
    BarrierHandler h = handler(mode, channels);
    assertThat(blocked(h, channels)).as("a new handler blocks nothing").isEmpty();
    for (Row row : rows) {
      events.clear();
      row.arrival().deliver(h);
      assertThat(events).as("what the handler did on the %s", row.what()).containsExactlyElementsOf(row.actions());
      assertThat(blocked(h, channels)).as("the channels blocked after the %s", row.what())
          .containsExactlyElementsOf(row.blocked());
    }
  }

  // ------------------------------------------------------------ exactly-once (aligned)

  @Test
  void alignedBarrierBlocksChannelUntilAllInputsDeliver() throws Exception {
    play(CheckpointMode.EXACTLY_ONCE, 2,
        barrierOn(1, 1).blocks(1),
        barrierOn(0, 1).does("snapshot 1", "unblocked"));
  }

  @Test
  void alignedWithThreeInputsSnapshotsOnlyAfterTheThirdBarrier() throws Exception {
    play(CheckpointMode.EXACTLY_ONCE, 3,
        barrierOn(2, 4).blocks(2),
        barrierOn(0, 4).blocks(0, 2),
        barrierOn(1, 4).does("snapshot 4", "unblocked"));
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
    play(CheckpointMode.EXACTLY_ONCE, 2,
        barrierOn(0, 5).blocks(0),
        abort(5).does("unblocked"),
        barrierOn(1, 5), // a barrier of the aborted checkpoint blocks nothing
        barrierOn(1, 6).blocks(1),
        barrierOn(0, 6).does("snapshot 6", "unblocked"));
  }

  @Test
  void alignedAbortOfACheckpointNotYetSeenIgnoresItsBarriersLater() throws Exception {
    play(CheckpointMode.EXACTLY_ONCE, 2,
        abort(3), // nothing was blocked
        barrierOn(0, 3),
        barrierOn(1, 3));
  }

  @Test
  void alignedAbortOfANewerCheckpointReleasesTheOlderAlignment() throws Exception {
    play(CheckpointMode.EXACTLY_ONCE, 2,
        barrierOn(0, 1).blocks(0),
        abort(2).does("unblocked"), // checkpoint 1's barriers are now ignored, so its alignment can never complete
        barrierOn(1, 1),
        barrierOn(1, 2)); // no snapshot of checkpoint 2 from channel 1's barrier alone
  }

  @Test
  void alignedIgnoresStaleAndDuplicateBarriers() throws Exception {
    play(CheckpointMode.EXACTLY_ONCE, 2,
        barrierOn(0, 7).blocks(0),
        barrierOn(1, 7).does("snapshot 7", "unblocked"),
        barrierOn(0, 7),
        barrierOn(1, 6));
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
    play(CheckpointMode.AT_LEAST_ONCE, 3,
        barrierOn(1, 2),
        barrierOn(2, 2),
        barrierOn(0, 2).does("snapshot 2"));
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
    play(CheckpointMode.AT_LEAST_ONCE, 2,
        barrierOn(0, 3),
        abort(3),
        barrierOn(1, 3), // no snapshot of an aborted checkpoint
        barrierOn(0, 4),
        barrierOn(1, 4).does("snapshot 4"));
  }

  @Test
  void atLeastOnceIgnoresStaleAndDuplicateBarriers() throws Exception {
    play(CheckpointMode.AT_LEAST_ONCE, 2,
        barrierOn(0, 5),
        barrierOn(1, 5).does("snapshot 5"),
        barrierOn(0, 5),
        barrierOn(1, 4));
  }
}

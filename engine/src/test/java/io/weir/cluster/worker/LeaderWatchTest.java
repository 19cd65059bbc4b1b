package io.weir.cluster.worker;

import static io.weir.cluster.worker.WatchState.LEADER_LOST;
import static io.weir.cluster.worker.WatchState.REGISTERED;
import static io.weir.cluster.worker.WatchState.REGISTERING;
import static io.weir.cluster.worker.WatchState.STOPPED;
import static io.weir.cluster.worker.WatchState.STRANDED;
import static io.weir.cluster.worker.WatchState.UNREGISTERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.cluster.protocol.Heartbeat;
import io.weir.testing.FakeCoordinatorContext;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The worker's watch on its leader, driven by a fake clock and a fake link. Most tests are tables:
 * each row is an event, the state the watch is in after it, and everything the watch did on it.
 */
class LeaderWatchTest {
  private static final long EPOCH = 7;
  private static final long TIMEOUT_MS = 3_000;

  private final FakeCoordinatorContext clock = new FakeCoordinatorContext(1_000_000);
  private final FakeLeaderLink link = new FakeLeaderLink();
  private int incarnations;
  private final LeaderWatch watch = new LeaderWatch(new LeaderWatch.Identity("w-1", "node-w1", 2), clock, link,
      () -> "i" + ++incarnations);

  private record Step(String when, Consumer<LeaderWatchTest> event, WatchState then, List<String> actions) {
  }

  private static Step on(String when, Consumer<LeaderWatchTest> event, WatchState then, String... actions) {
    return new Step(when, event, then, List.of(actions));
  }

  private void play(Step... steps) {
    for (Step s : steps) {
      s.event().accept(this);
      assertThat(link.drain()).as("what the watch did on: " + s.when()).containsExactlyElementsOf(s.actions());
      assertThat(watch.state()).as("the state after: " + s.when()).isEqualTo(s.then());
    }
  }

  private void heartbeat(long epoch, String incarnation) {
    var reply = watch.onHeartbeat(new Heartbeat(epoch, 1, incarnation));
    link.note(reply.map(r -> "answer heartbeat with " + r.tasks().size() + " tasks").orElse("ignore heartbeat"));
  }

  /** One heartbeat per second for {@code seconds}, each answered or not. */
  private void heartbeatsFor(int seconds, long epoch) {
    for (int i = 0; i < seconds; i++) {
      clock.advance(1_000);
      heartbeat(epoch, watch.incarnation());
    }
  }

  private static Step[] registeredAsI1() {
    return new Step[] {
        on("start", t -> t.watch.start(), REGISTERING, "register w-1 as i1 with 2 slots"),
        on("the leader answers", t -> t.link.answer(EPOCH, TIMEOUT_MS), REGISTERED, "connect presence 127.0.0.1:7000"),
        on("the presence connection opens", t -> t.link.presenceConnects(), REGISTERED, "send hello 'w-1 i1\\n'")};
  }

  @Test
  void workerThatLosesTheLeaderStopsItsTasksAndRegistersAgainAsANewIncarnation() {
    play(registeredAsI1());
    play(
        new Step("a heartbeat every second for 10 s", t -> t.heartbeatsFor(10, EPOCH), REGISTERED,
            Collections.nCopies(10, "answer heartbeat with 2 tasks")),
        on("3 s of silence: at the timeout, not past it", t -> t.clock.advance(TIMEOUT_MS), REGISTERED),
        on("100 ms more", t -> t.clock.advance(100), LEADER_LOST, "close presence", "stop 2 tasks: the coordinator was lost"),
        on("a late heartbeat for the old incarnation", t -> t.heartbeat(EPOCH, "i1"), LEADER_LOST, "ignore heartbeat"),
        on("the tasks have stopped", t -> t.link.tasksStopped(), REGISTERING, "renew address",
            "register w-1 as i2 with 2 slots"),
        on("no coordinator answers", t -> t.link.failRegistration("no handlers for weir.coordinator"), REGISTERING),
        on("299 ms", t -> t.clock.advance(299), REGISTERING),
        on("the retry pause is over", t -> t.clock.advance(1), REGISTERING, "register w-1 as i2 with 2 slots"),
        on("the leader answers", t -> t.link.answer(EPOCH, TIMEOUT_MS), REGISTERED, "connect presence 127.0.0.1:7000"),
        on("the presence connection opens", t -> t.link.presenceConnects(), REGISTERED, "send hello 'w-1 i2\\n'"),
        on("a heartbeat for the old incarnation", t -> t.heartbeat(EPOCH, "i1"), REGISTERED, "ignore heartbeat"),
        on("a heartbeat for the new one", t -> t.heartbeat(EPOCH, "i2"), REGISTERED, "answer heartbeat with 0 tasks"));
  }

  @Test
  void heartbeatsCountAsContactOnlyFromTheRegisteredIncarnationAndEpoch() {
    play(registeredAsI1());
    play(
        on("2.9 s of silence", t -> t.clock.advance(2_900), REGISTERED),
        on("a heartbeat of a deposed leader", t -> t.heartbeat(EPOCH - 1, "i1"), REGISTERED, "ignore heartbeat"),
        on("a heartbeat for another incarnation", t -> t.heartbeat(EPOCH, "i9"), REGISTERED, "ignore heartbeat"),
        on("200 ms more: 3.1 s since the leader was heard", t -> t.clock.advance(200), LEADER_LOST, "close presence",
            "stop 2 tasks: the coordinator was lost"));
  }

  @Test
  void heartbeatBeforeRegistrationIsIgnored() {
    play(
        on("a heartbeat before start", t -> t.heartbeat(EPOCH, "i1"), UNREGISTERED, "ignore heartbeat"),
        on("start", t -> t.watch.start(), REGISTERING, "register w-1 as i1 with 2 slots"),
        on("a heartbeat before the leader answered", t -> t.heartbeat(EPOCH, "i1"), REGISTERING, "ignore heartbeat"));
  }

  @Test
  void commandsOfALowerEpochThanTheLeadersAreRefusedWithBothEpochs() {
    assertThat(watch.refusal("deploy", 0)).as("before any leader, every epoch is admitted").isEmpty();
    play(registeredAsI1());

    assertThat(watch.refusal("deploy", EPOCH - 1)).contains("deploy from a deposed coordinator (epoch 6 < 7)");
    assertThat(watch.refusal("deploy", EPOCH)).isEmpty();
    assertThat(watch.refusal("deploy", EPOCH + 1)).isEmpty();
  }

  @Test
  void theHighestEpochSeenNeverGoesBackwardsAcrossRegistrations() {
    play(registeredAsI1());
    play(
        on("the leader falls silent", t -> t.clock.advance(TIMEOUT_MS + 100), LEADER_LOST, "close presence",
            "stop 2 tasks: the coordinator was lost"),
        on("the tasks have stopped", t -> t.link.tasksStopped(), REGISTERING, "renew address",
            "register w-1 as i2 with 2 slots"),
        on("a coordinator of an older epoch answers", t -> t.link.answer(EPOCH - 2, TIMEOUT_MS), REGISTERING),
        on("the retry pause", t -> t.clock.advance(300), REGISTERING, "register w-1 as i2 with 2 slots"),
        on("a newer leader answers", t -> t.link.answer(EPOCH + 2, TIMEOUT_MS), REGISTERED,
            "connect presence 127.0.0.1:7000"));

    assertThat(watch.highestEpoch()).isEqualTo(EPOCH + 2);
    assertThat(watch.refusal("deploy", EPOCH)).contains("deploy from a deposed coordinator (epoch 7 < 9)");
    assertThat(watch.leader()).contains(new Leader(FakeLeaderLink.LEADER_NODE, EPOCH + 2, TIMEOUT_MS));
  }

  @Test
  void theWatchKnowsItsLeaderOnlyWhileRegistered() {
    assertThat(watch.leader()).isEmpty();
    play(registeredAsI1());
    assertThat(watch.leader()).contains(new Leader(FakeLeaderLink.LEADER_NODE, EPOCH, TIMEOUT_MS));

    clock.advance(TIMEOUT_MS + 100);

    assertThat(watch.leader()).isEmpty();
    assertThat(watch.highestEpoch()).as("the epoch is remembered past the leader").isEqualTo(EPOCH);
  }

  @Test
  void workerThatCannotRegisterForTwoTimeoutsAfterLosingTheLeaderIsStrandedAndRejoinsOnce() {
    link.canRejoin = true;
    play(registeredAsI1());
    play(
        on("the leader falls silent", t -> t.clock.advance(TIMEOUT_MS + 100), LEADER_LOST, "close presence",
            "stop 2 tasks: the coordinator was lost"),
        on("the tasks have stopped", t -> t.link.tasksStopped(), REGISTERING, "renew address",
            "register w-1 as i2 with 2 slots"));
    long lostAt = clock.now();
    int attempts = 1;
    while (clock.now() - lostAt <= 2 * TIMEOUT_MS) {
      link.failRegistration("no handlers for weir.coordinator");
      clock.advance(300);
      assertThat(link.drain()).containsExactly("register w-1 as i2 with 2 slots");
      attempts++;
    }
    assertThat(attempts).as("a registration every 300 ms, from the loss to 6.3 s after it").isEqualTo(22);
    play(
        on("the first failure past twice the timeout", t -> t.link.failRegistration("no handlers"), STRANDED,
            "rejoin the cluster"),
        on("a minute later", t -> t.clock.advance(60_000), STRANDED));
    assertThat(clock.pendingTimers()).as("no timer left running").isZero();
  }

  @Test
  void workerWithNoWayToRejoinKeepsTryingToRegister() {
    link.canRejoin = false;
    play(registeredAsI1());
    clock.advance(TIMEOUT_MS + 100);
    link.tasksStopped();
    link.drain();

    for (int i = 0; i < 200; i++) { // a minute
      link.failRegistration("no handlers for weir.coordinator");
      clock.advance(300);
    }

    assertThat(link.drain()).hasSize(200).containsOnly("register w-1 as i2 with 2 slots");
    assertThat(watch.state()).isEqualTo(REGISTERING);
  }

  @Test
  void workerThatNeverRegisteredIsNeverStranded() {
    link.canRejoin = true;
    watch.start();
    for (int i = 0; i < 200; i++) {
      link.failRegistration("no handlers for weir.coordinator");
      clock.advance(300);
    }

    assertThat(link.drain()).doesNotContain("rejoin the cluster");
    assertThat(watch.state()).isEqualTo(REGISTERING);
  }

  @Test
  void stopCancelsEveryTimerClosesThePresenceConnectionAndIgnoresLateAnswers() {
    play(registeredAsI1());
    play(on("stop", t -> t.watch.stop(), STOPPED, "close presence"));
    assertThat(watch.presence()).isEqualTo(PresenceState.CLOSED);
    assertThat(clock.pendingTimers()).isZero();
    play(
        on("a heartbeat after stop", t -> t.heartbeat(EPOCH, "i1"), STOPPED, "ignore heartbeat"),
        on("a minute of silence", t -> t.clock.advance(60_000), STOPPED),
        on("stop again", t -> t.watch.stop(), STOPPED));
  }

  @Test
  void aQuiescedWatchKeepsThePresenceConnectionAndReportsNoLossWhenTheLeaderCloses() {
    play(registeredAsI1());
    play(
        on("1 s of heartbeats", t -> t.heartbeatsFor(1, EPOCH), REGISTERED, "answer heartbeat with 2 tasks"),
        on("quiesce (the whole cluster shuts down)", t -> t.watch.quiesce(), STOPPED));
    assertThat(watch.presence()).isEqualTo(PresenceState.OPEN);
    assertThat(clock.pendingTimers()).isZero();
    play(
        on("the leader's side closes the presence connection", t -> t.link.socket().closedByLeader(), STOPPED),
        on("a minute of silence", t -> t.clock.advance(60_000), STOPPED),
        on("stop", t -> t.watch.stop(), STOPPED));
  }

  @Test
  void registrationAnsweredAfterStopIsIgnored() {
    play(
        on("start", t -> t.watch.start(), REGISTERING, "register w-1 as i1 with 2 slots"),
        on("stop", t -> t.watch.stop(), STOPPED),
        on("the leader answers late", t -> t.link.answer(EPOCH, TIMEOUT_MS), STOPPED),
        on("a minute later", t -> t.clock.advance(60_000), STOPPED));
  }

  @Test
  void stopWhileTheTasksAreStoppingEndsTheWatchWithoutRegisteringAgain() {
    play(registeredAsI1());
    play(
        on("the leader falls silent", t -> t.clock.advance(TIMEOUT_MS + 100), LEADER_LOST, "close presence",
            "stop 2 tasks: the coordinator was lost"),
        on("stop", t -> t.watch.stop(), STOPPED),
        on("the tasks have stopped", t -> t.link.tasksStopped(), STOPPED, "renew address"));
  }

  @Test
  void presenceConnectionThatOpensAfterTheLeaderWasLostIsClosedAtOnceWithoutAHello() {
    play(
        on("start", t -> t.watch.start(), REGISTERING, "register w-1 as i1 with 2 slots"),
        on("the leader answers", t -> t.link.answer(EPOCH, TIMEOUT_MS), REGISTERED, "connect presence 127.0.0.1:7000"),
        on("the leader falls silent", t -> t.clock.advance(TIMEOUT_MS + 100), LEADER_LOST,
            "stop 2 tasks: the coordinator was lost"),
        on("the old incarnation's connection opens", t -> t.link.presenceConnects(), LEADER_LOST, "close presence"));
    assertThat(watch.presence()).isEqualTo(PresenceState.CLOSED);
  }

  @Test
  void presenceConnectionStateFollowsTheSocket() {
    watch.start();
    assertThat(watch.presence()).isEqualTo(PresenceState.CLOSED);
    link.answer(EPOCH, TIMEOUT_MS);
    assertThat(watch.presence()).isEqualTo(PresenceState.CONNECTING);
    link.presenceConnects();
    assertThat(watch.presence()).isEqualTo(PresenceState.OPEN);
  }

  @Test
  void presenceConnectionClosedByTheLeaderLosesTheLeaderAtOnce() {
    play(registeredAsI1());
    play(
        on("1 s of heartbeats", t -> t.heartbeatsFor(1, EPOCH), REGISTERED, "answer heartbeat with 2 tasks"),
        on("the leader's side closes the presence connection", t -> t.link.socket().closedByLeader(), LEADER_LOST,
            "stop 2 tasks: the coordinator was lost"),
        on("the tasks have stopped", t -> t.link.tasksStopped(), REGISTERING, "renew address",
            "register w-1 as i2 with 2 slots"));
    assertThat(watch.presence()).isEqualTo(PresenceState.CLOSED);
  }

  @Test
  void theLeadersMemberLeavingLosesTheLeaderAtOnceAnotherMemberDoesNot() {
    play(registeredAsI1());
    play(
        on("another member leaves", t -> t.watch.memberLeft("node-w2"), REGISTERED),
        on("the leader's member leaves", t -> t.watch.memberLeft(FakeLeaderLink.LEADER_NODE), LEADER_LOST,
            "close presence", "stop 2 tasks: the coordinator was lost"),
        on("it is heard of twice", t -> t.watch.memberLeft(FakeLeaderLink.LEADER_NODE), LEADER_LOST));
  }

  @Test
  void aHigherEpochPublishedByTheElectionLosesTheLeaderTheSameOrALowerOneDoesNot() {
    play(registeredAsI1());
    play(
        on("its own epoch is published (a confirmation)", t -> t.watch.leaderElected("c-1", EPOCH), REGISTERED),
        on("an older epoch arrives late", t -> t.watch.leaderElected("c-0", EPOCH - 1), REGISTERED),
        on("c-2 leads under a higher epoch", t -> t.watch.leaderElected("c-2", EPOCH + 1), LEADER_LOST,
            "close presence", "stop 2 tasks: the coordinator was lost"));
  }

  @Test
  void aNewLeaderPublishedOrAMemberLeavingWhileWaitingToRegisterAsksAgainAtOnce() {
    play(registeredAsI1());
    play(
        on("the leader's member leaves", t -> t.watch.memberLeft(FakeLeaderLink.LEADER_NODE), LEADER_LOST,
            "close presence", "stop 2 tasks: the coordinator was lost"),
        on("the tasks have stopped", t -> t.link.tasksStopped(), REGISTERING, "renew address",
            "register w-1 as i2 with 2 slots"),
        on("no coordinator answers", t -> t.link.failRegistration("no handlers for weir.coordinator"), REGISTERING),
        on("100 ms of the retry pause", t -> t.clock.advance(100), REGISTERING),
        on("c-2 is published as the leader", t -> t.watch.leaderElected("c-2", EPOCH + 1), REGISTERING,
            "register w-1 as i2 with 2 slots"),
        on("the rest of the old pause passes", t -> t.clock.advance(250), REGISTERING),
        on("another member leaves while that request is out", t -> t.watch.memberLeft("node-c1"), REGISTERING,
            "register w-1 as i2 with 2 slots"),
        on("c-2 answers the latest", t -> t.link.answer(EPOCH + 1, TIMEOUT_MS), REGISTERED,
            "connect presence 127.0.0.1:7000"));
  }

  @Test
  void aPublishedEpochFencesCommandsOfOlderLeadersAndRegistrationsAnsweredByThem() {
    play(
        on("start", t -> t.watch.start(), REGISTERING, "register w-1 as i1 with 2 slots"),
        on("c-2 is published under epoch 9", t -> t.watch.leaderElected("c-2", EPOCH + 2), REGISTERING,
            "register w-1 as i1 with 2 slots"),
        on("a deposed coordinator of epoch 7 answers", t -> t.link.answer(EPOCH, TIMEOUT_MS), REGISTERING),
        on("the retry pause", t -> t.clock.advance(300), REGISTERING, "register w-1 as i1 with 2 slots"));
    assertThat(watch.refusal("deploy", EPOCH)).contains("deploy from a deposed coordinator (epoch 7 < 9)");
  }

  @Test
  void presenceConnectionThatCannotOpenLeavesTheWorkerRegistered() {
    watch.start();
    link.answer(EPOCH, TIMEOUT_MS);

    link.presenceFails("connection refused");

    assertThat(watch.presence()).isEqualTo(PresenceState.CLOSED);
    assertThat(watch.state()).isEqualTo(REGISTERED);
  }

  @Test
  void identityRefusesANameTheHelloCannotCarryAndNoSlots() {
    assertThatThrownBy(() -> new LeaderWatch.Identity("w\n1", "node", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one line");
    assertThatThrownBy(() -> new LeaderWatch.Identity("w-1", "node", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w-1 offers 0");
  }

  @Test
  void everyIllegalTransitionFailsLoudly() {
    assertThatThrownBy(() -> REGISTERED.moveTo(REGISTERING)).isInstanceOf(IllegalStateException.class)
        .hasMessage("illegal leader-watch transition REGISTERED -> REGISTERING");
    assertThatThrownBy(() -> UNREGISTERED.moveTo(REGISTERED)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> LEADER_LOST.moveTo(REGISTERED)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> STRANDED.moveTo(REGISTERING)).isInstanceOf(IllegalStateException.class);
    for (WatchState s : WatchState.values()) {
      assertThatThrownBy(() -> STOPPED.moveTo(s)).as("STOPPED -> " + s).isInstanceOf(IllegalStateException.class);
    }
    assertThatThrownBy(() -> PresenceState.OPEN.moveTo(PresenceState.CONNECTING)).isInstanceOf(IllegalStateException.class);
    assertThatCode(watch::stop).as("stop before start is legal").doesNotThrowAnyException();
  }
}

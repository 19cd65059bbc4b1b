package io.weir.cluster.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.weir.config.ConfigException;
import io.weir.cluster.ha.ElectionSettings.QuorumScope;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
  private final FakeElectionCluster cluster = new FakeElectionCluster();
  private final ElectionSettings settings = ElectionSettings.defaults();

  @Test
  void theOldestCoordinatorWithAMajorityLeadsWithEpochOneAndTheOtherStandsBy() {
    cluster.everyoneSees(3, "c-1", "c-2");
    LeaderElection c1 = cluster.election("c-1", settings);
    LeaderElection c2 = cluster.election("c-2", settings);
    c2.check();
    c1.check();
    c2.check();
    assertEquals(LeaderRole.LEADING, c1.role());
    assertEquals(1, c1.epoch());
    assertTrue(c1.mayAct());
    assertEquals(LeaderRole.STANDBY, c2.role());
    assertFalse(c2.mayAct());
    assertEquals("c-1", c2.leader());
    assertEquals(new LeaderRecord(1, "c-1", 5), cluster.record());
  }

  @Test
  void whenTheLeaderLeavesTheNextOldestClaimsAStrictlyHigherEpoch() {
    cluster.everyoneSees(3, "c-1", "c-2", "c-3");
    LeaderElection c1 = cluster.election("c-1", settings);
    LeaderElection c2 = cluster.election("c-2", settings);
    LeaderElection c3 = cluster.election("c-3", settings);
    c1.check();
    cluster.everyoneSees(3, "c-2", "c-3");
    c3.check();
    c2.check();
    assertEquals(LeaderRole.STANDBY, c3.role(), "c-3 is not the oldest and does not claim");
    assertEquals(LeaderRole.LEADING, c2.role());
    assertEquals(2, c2.epoch());
    cluster.everyoneSees(3, "c-3");
    c3.check();
    assertEquals(LeaderRole.LEADING, c3.role(), "a third coordinator takes over from the second");
    assertEquals(3, c3.epoch());
  }

  @Test
  void anOlderCoordinatorComingBackDoesNotDisplaceALiveLeader() {
    cluster.everyoneSees(2, "c-2");
    LeaderElection c2 = cluster.election("c-2", settings);
    c2.check();
    cluster.everyoneSees(2, "c-1", "c-2");
    LeaderElection c1 = cluster.election("c-1", settings);
    c1.check();
    c2.check();
    assertEquals(LeaderRole.STANDBY, c1.role());
    assertEquals(LeaderRole.LEADING, c2.role());
    assertEquals(1, cluster.claims());
  }

  @Test
  void aLeaderThatSeesAHigherEpochIsDeposedThenStandsBy() {
    cluster.everyoneSees(2, "c-1", "c-2");
    LeaderElection c1 = cluster.election("c-1", settings);
    c1.check();
    cluster.replaceRecord(new LeaderRecord(9, "c-2", 4));
    c1.check();
    assertEquals(LeaderRole.DEPOSED, c1.role());
    assertFalse(c1.mayAct());
    assertEquals("lost the lead to epoch 9 (c-2); standing by", last().reason());
    c1.check();
    assertEquals(LeaderRole.STANDBY, c1.role(), "c-2 is alive and recorded: c-1 does not claim back");
    assertEquals(List.of(LeaderRole.LEADING, LeaderRole.DEPOSED, LeaderRole.STANDBY),
        cluster.transitions.stream().map(LeaderElection.Transition::to).toList());
  }

  @Test
  void aRefusalNamingANewerEpochStopsTheLeaderAtOnceAndDeposesItAtItsNextCheck() {
    cluster.everyoneSees(2, "c-1");
    LeaderElection c1 = cluster.election("c-1", settings);
    c1.check();
    c1.observeEpoch(1);
    assertTrue(c1.mayAct(), "its own epoch is no news");
    c1.observeEpoch(4);
    assertFalse(c1.mayAct());
    assertEquals(4, c1.highestEpochSeen());
    c1.check();
    assertEquals(LeaderRole.DEPOSED, c1.role());
    assertEquals("lost the lead to epoch 4; standing by", last().reason());
  }

  @Test
  void aCoordinatorOnTheMinoritySideOfAPartitionDoesNotLead() {
    cluster.everyoneSees(3, "c-1", "c-2");
    LeaderElection c1 = cluster.election("c-1", settings);
    LeaderElection c2 = cluster.election("c-2", settings);
    c1.check();
    c2.check();
    // c-1 and one worker on one side (2 of 5); c-2 and two workers on the other (3 of 5)
    cluster.sees("c-1", 1, "c-1");
    cluster.sees("c-2", 2, "c-2");
    c1.check();
    c2.check();
    assertEquals(LeaderRole.DEPOSED, c1.role());
    assertEquals("lost the quorum (2 of 5 members visible, a lead needs 3); standing by", cluster.transitions.get(1).reason());
    assertEquals(LeaderRole.LEADING, c2.role());
    assertEquals(2, c2.epoch());
    c1.check();
    assertEquals(LeaderRole.STANDBY, c1.role(), "the minority side never claims");
  }

  @Test
  void theMinorityRemembersTheRecordedSizeWhenItsCopyOfTheRecordIsLost() {
    cluster.everyoneSees(3, "c-1", "c-2");
    LeaderElection c1 = cluster.election("c-1", settings);
    LeaderElection c2 = cluster.election("c-2", settings);
    c1.check();
    c2.check();
    cluster.replaceRecord(null);
    cluster.sees("c-2", 1, "c-2");
    c2.check();
    assertEquals(LeaderRole.STANDBY, c2.role(), "2 of the 5 it last read about is no majority");
    assertEquals(1, cluster.claims());
  }

  @Test
  void aFreshCoordinatorInAPartitionDoesNotLeadWhenTheExpectedSizeIsConfigured() {
    cluster.everyoneSees(1, "c-9");
    ElectionSettings expectFive = new ElectionSettings(settings.checkInterval(), settings.lease(), QuorumScope.MEMBERS,
        5, settings.forgetMembersAfter());
    LeaderElection c9 = cluster.election("c-9", expectFive);
    c9.check();
    assertEquals(LeaderRole.STANDBY, c9.role());
    assertNull(cluster.record());
  }

  @Test
  void twoCoordinatorsAloneCanFailOverWhenTheMajorityIsCountedOverAllMembers() {
    cluster.everyoneSees(2, "c-1", "c-2");
    LeaderElection c1 = cluster.election("c-1", settings);
    LeaderElection c2 = cluster.election("c-2", settings);
    c1.check();
    cluster.everyoneSees(2, "c-2");
    c2.check();
    assertEquals(LeaderRole.LEADING, c2.role(), "3 of 4 members is a majority");
  }

  @Test
  void countingCoordinatorsOnlyTwoCoordinatorsCannotFailOver() {
    ElectionSettings coordinators = new ElectionSettings(settings.checkInterval(), settings.lease(),
        QuorumScope.COORDINATORS, 0, settings.forgetMembersAfter());
    cluster.everyoneSees(2, "c-1", "c-2");
    LeaderElection c1 = cluster.election("c-1", coordinators);
    LeaderElection c2 = cluster.election("c-2", coordinators);
    c1.check();
    cluster.everyoneSees(2, "c-2");
    c2.check();
    assertEquals(LeaderRole.STANDBY, c2.role(), "1 of 2 coordinators is not a majority");
  }

  @Test
  void aLeaderMayNotActAfterAPauseLongerThanItsLeaseUntilItHasCheckedAgain() {
    cluster.everyoneSees(2, "c-1");
    LeaderElection c1 = cluster.election("c-1", settings);
    c1.check();
    cluster.advance(settings.lease().toMillis() - 1);
    assertTrue(c1.mayAct());
    cluster.advance(1);
    assertFalse(c1.mayAct(), "the lease ran out while the process was paused");
    c1.check();
    assertTrue(c1.mayAct(), "nobody took over: the check confirms the lead");
    assertEquals(1, c1.epoch());
  }

  @Test
  void aLeaderThatWakesFromAPauseAfterATakeoverStepsDownWithoutEverMayingAct() {
    cluster.everyoneSees(2, "c-1", "c-2");
    LeaderElection c1 = cluster.election("c-1", settings);
    LeaderElection c2 = cluster.election("c-2", settings);
    c1.check();
    // c-1 is SIGSTOPped: Hazelcast removes it, c-2 takes over
    cluster.advance(10_000);
    cluster.sees("c-2", 2, "c-2");
    c2.check();
    assertEquals(2, c2.epoch());
    // c-1 resumes, still seeing everyone
    assertFalse(c1.mayAct());
    c1.check();
    assertEquals(LeaderRole.DEPOSED, c1.role());
    assertFalse(c1.mayAct());
    assertEquals("lost the lead to epoch 2 (c-2); standing by", last().reason());
  }

  @Test
  void concurrentClaimsFromTheSameRecordElectExactlyOne() {
    // views differ during a membership change: both think they are the oldest
    cluster.sees("c-1", 2, "c-1", "c-2");
    cluster.sees("c-2", 2, "c-2", "c-1");
    LeaderElection c1 = cluster.election("c-1", settings);
    LeaderElection c2 = cluster.election("c-2", settings);
    ElectionBackend raw = cluster.backend("c-2");
    c1.check();
    // c-2 claims from what it read before c-1's claim (epoch 0): it loses
    LeaderRecord after = raw.claim(0, 0, "c-2", 4);
    assertFalse(after.wonBy("c-2", 0));
    c2.check();
    assertEquals(LeaderRole.LEADING, c1.role());
    assertEquals(LeaderRole.STANDBY, c2.role());
    assertEquals(new LeaderRecord(1, "c-1", 4), cluster.record());
  }

  @Test
  void epochsNeverRepeatEvenWhenTheRecordIsLost() {
    cluster.everyoneSees(2, "c-1");
    LeaderElection c1 = cluster.election("c-1", settings);
    c1.check();
    c1.observeEpoch(7);
    cluster.replaceRecord(null);
    c1.check();
    c1.check();
    assertEquals(LeaderRole.LEADING, c1.role());
    assertEquals(8, c1.epoch(), "the new epoch is above every epoch seen, not 1 again");
  }

  @Test
  void theRecordedSizeRisesAtOnceAndShrinksOnlyAfterMembersWereGoneForTheForgetDelay() {
    cluster.everyoneSees(2, "c-1");
    LeaderElection c1 = cluster.election("c-1", settings);
    c1.check();
    assertEquals(3, cluster.record().members());
    cluster.everyoneSees(4, "c-1");
    c1.check();
    assertEquals(5, cluster.record().members());
    cluster.everyoneSees(2, "c-1");
    c1.check();
    cluster.advance(settings.forgetMembersAfter().toMillis() - 1);
    c1.check();
    assertEquals(5, cluster.record().members(), "3 of 5 is a majority, but the two may be back");
    cluster.advance(1);
    c1.check();
    assertEquals(3, cluster.record().members());
    cluster.everyoneSees(1, "c-1");
    c1.check();
    assertEquals(LeaderRole.LEADING, c1.role(), "2 of 3 is a majority again");
  }

  @Test
  void aLeaderThatCannotReadTheRecordIsDeposed() {
    cluster.everyoneSees(2, "c-1");
    ElectionBackend real = cluster.backend("c-1");
    boolean[] fail = {false};
    LeaderElection c1 = new LeaderElection("c-1", new ElectionBackend() {
      @Override
      public ElectionBackend.Membership membership() {
        return real.membership();
      }

      @Override
      public LeaderRecord read() {
        if (fail[0]) {
          throw new IllegalStateException("partition 12 has no owner");
        }
        return real.read();
      }

      @Override
      public LeaderRecord claim(long expectedEpoch, long highestSeen, String coordinator, int members) {
        return real.claim(expectedEpoch, highestSeen, coordinator, members);
      }

      @Override
      public LeaderRecord confirm(long epoch, int members) {
        return real.confirm(epoch, members);
      }
    }, settings, cluster.clock::get, cluster.transitions::add);
    c1.check();
    fail[0] = true;
    c1.check();
    assertEquals(LeaderRole.DEPOSED, c1.role());
    assertEquals("cannot read the leader record (partition 12 has no owner); standing by", last().reason());
  }

  @Test
  void rolesRefuseIllegalTransitions() {
    assertThrows(IllegalStateException.class, () -> LeaderRole.STANDBY.to(LeaderRole.DEPOSED));
    assertThrows(IllegalStateException.class, () -> LeaderRole.DEPOSED.to(LeaderRole.LEADING));
    assertEquals(LeaderRole.LEADING, LeaderRole.STANDBY.to(LeaderRole.LEADING));
  }

  @Test
  void settingsNameWhatIsWrong() {
    ElectionSettings s = ElectionSettings.fromJson(new JsonObject().put("lease", "2s").put("quorum", "coordinators"));
    assertEquals(Duration.ofSeconds(2), s.lease());
    assertEquals(QuorumScope.COORDINATORS, s.quorum());
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> ElectionSettings.fromJson(new JsonObject().put("leese", "2s")));
    assertTrue(unknown.getMessage().startsWith("unknown setting ha.leese"), unknown.getMessage());
    ConfigException shortLease = assertThrows(ConfigException.class,
        () -> ElectionSettings.fromJson(new JsonObject().put("lease", "100ms")));
    assertTrue(shortLease.getMessage().contains("must be longer than ha.check-interval"), shortLease.getMessage());
  }

  private LeaderElection.Transition last() {
    return cluster.transitions.get(cluster.transitions.size() - 1);
  }
}

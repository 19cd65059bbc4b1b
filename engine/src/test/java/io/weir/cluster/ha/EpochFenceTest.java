package io.weir.cluster.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EpochFenceTest {

  @Test
  void admitsTheHighestEpochSeenAndHigherOnesAndRefusesLowerOnes() {
    EpochFence fence = new EpochFence();
    assertTrue(fence.admit(3));
    assertTrue(fence.admit(3));
    assertTrue(fence.admit(5));
    assertFalse(fence.admit(4));
    assertEquals(5, fence.highest());
  }

  @Test
  void anObservedEpochRaisesTheFenceWithoutBeingAdmitted() {
    EpochFence fence = new EpochFence(2);
    assertTrue(fence.observe(6));
    assertFalse(fence.observe(6));
    assertFalse(fence.admit(5));
  }

  @Test
  void checkNamesWhatWasRefusedAndTheNewerEpoch() {
    EpochFence fence = new EpochFence(9);
    StaleEpochException e = assertThrows(StaleEpochException.class, () -> fence.check(8, "DeployTask for job j-1"));
    assertEquals("DeployTask for job j-1 refused: epoch 8 is older than epoch 9 (a newer leader has taken over)",
        e.getMessage());
    assertEquals(9, e.highest());
  }
}

package io.weir.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyGroupsTest {
  private static final int[] MAX_PARALLELISMS = {1, 7, 128, 1000};

  /** Loaded a second time in its own class loader by a test: its constants then have other identity hashes. */
  public enum Region { NORTH, EAST, SOUTH, WEST }

  private static List<Object> sampleKeys() {
    List<Object> keys = new ArrayList<>();
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      keys.add(random.nextInt());
      keys.add(random.nextLong());
      keys.add("key-" + i);
    }
    keys.add(Integer.MIN_VALUE);
    keys.add(Integer.MAX_VALUE);
    keys.add(0);
    keys.add("");
    keys.add(new KeyGroupRange(3, 9)); // a record key: hashes by its components
    keys.addAll(List.of(Region.values()));
    return keys;
  }

  @Test
  void everyKeyLandsInAKeyGroupBelowMaxParallelism() {
    for (int maxP : MAX_PARALLELISMS) {
      for (Object key : sampleKeys()) {
        assertThat(KeyGroups.assign(key, maxP)).as("key group of %s with max-parallelism %d", key, maxP)
            .isBetween(0, maxP - 1);
      }
    }
  }

  @Test
  void keysSpreadOverAllKeyGroups() {
    int maxP = 128;
    boolean[] hit = new boolean[maxP];
    for (int i = 0; i < 20_000; i++) {
      hit[KeyGroups.assign("k" + i, maxP)] = true;
    }
    for (int g = 0; g < maxP; g++) {
      assertThat(hit[g]).as("key group %d receives keys", g).isTrue();
    }
  }

  @Test
  void rangesForEveryParallelismAreContiguousDisjointAndCoverAllKeyGroups() {
    for (int maxP : MAX_PARALLELISMS) {
      for (int p = 1; p <= Math.min(maxP, 200); p++) {
        int expectedStart = 0;
        for (int subtask = 0; subtask < p; subtask++) {
          KeyGroupRange r = KeyGroups.rangeOf(subtask, p, maxP);
          assertThat(r.start()).as("start of subtask %d of %d (max %d)", subtask, p, maxP).isEqualTo(expectedStart);
          assertThat(r.size()).as("subtask %d of %d (max %d) owns key groups", subtask, p, maxP).isPositive();
          expectedStart = r.end() + 1;
        }
        assertThat(expectedStart).as("the ranges of parallelism %d end at max-parallelism %d", p, maxP).isEqualTo(maxP);
      }
    }
  }

  @Test
  void operatorIndexPicksTheSubtaskWhoseRangeHoldsTheKeyGroup() {
    List<String> wrong = new ArrayList<>();
    for (int maxP : MAX_PARALLELISMS) {
      for (int p = 1; p <= Math.min(maxP, 200); p++) {
        for (int group = 0; group < maxP; group++) {
          int subtask = KeyGroups.operatorIndex(group, maxP, p);
          if (subtask < 0 || subtask >= p || !KeyGroups.rangeOf(subtask, p, maxP).contains(group)) {
            wrong.add("key group " + group + " at parallelism " + p + " (max " + maxP + ") goes to subtask " + subtask);
          }
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void aKeyIsOwnedByTheSubtaskItIsRoutedTo() {
    int maxP = 128;
    for (int p : new int[] {1, 2, 3, 5, 128}) {
      for (Object key : sampleKeys()) {
        int group = KeyGroups.assign(key, maxP);
        int subtask = KeyGroups.operatorIndex(group, maxP, p);
        assertThat(KeyGroups.rangeOf(subtask, p, maxP).contains(group)).isTrue();
      }
    }
  }

  @Test
  void enumsHashTheSameWhateverTheirIdentityHash() throws Exception {
    URL classes = Region.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader other = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
      Class<?> otherRegion = Class.forName(Region.class.getName(), true, other);
      assertThat(otherRegion).isNotSameAs(Region.class);
      Object[] otherConstants = otherRegion.getEnumConstants();
      for (Region r : Region.values()) {
        Object twin = otherConstants[r.ordinal()];
        assertThat(twin.toString()).isEqualTo(r.name());
        for (int maxP : MAX_PARALLELISMS) {
          assertThat(KeyGroups.assign(twin, maxP)).as("key group of %s (max %d) in another class loader", r, maxP)
              .isEqualTo(KeyGroups.assign(r, maxP));
        }
      }
    }
  }

  @Test
  void differentEnumConstantsDoNotAllCollide() {
    long distinct = List.of(Region.values()).stream().map(r -> KeyGroups.assign(r, 1 << 15)).distinct().count();
    assertThat(distinct).isGreaterThan(1);
  }

  @Test
  void aNullKeyIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> KeyGroups.assign(null, 128))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("key selector returned null");
  }
}

package io.weir.examples.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EventRandomTest {
  @Test
  void drawsTheSameNumbersAsJavaUtilRandomForTheSameSeed() {
    int[] bounds = {1, 2, 3, 4, 5, 26, 50, 100, 1000, 10_000, 1 << 20, Integer.MAX_VALUE};
    for (long seed : new long[] {-1, 0, 1, 42, 49, 1_000_003, Long.MIN_VALUE, Long.MAX_VALUE}) {
      Random expected = new Random(seed);
      EventRandom actual = new EventRandom(seed);
      for (int i = 0; i < 2000; i++) {
        switch (i % 3) {
          case 0 -> assertEquals(expected.nextInt(bounds[i % bounds.length]), actual.nextInt(bounds[i % bounds.length]),
              "nextInt, seed " + seed + ", draw " + i);
          case 1 -> assertEquals(expected.nextDouble(), actual.nextDouble(), "nextDouble, seed " + seed + ", draw " + i);
          default -> assertEquals(expected.nextLong(), actual.nextLong(), "nextLong, seed " + seed + ", draw " + i);
        }
      }
    }
  }
}

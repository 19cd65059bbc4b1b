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

  @Test
  void aLetterIsJavaUtilRandomsNextIntOf26IncludingADrawItRejects() {
    long rejectsFirst = 108_791_672_638_027L; // its first 31-bit draw is 2^31 - 18, in the partial run nextInt(26) draws past
    for (long seed : new long[] {rejectsFirst, -1, 0, 1, 42, 1_000_003, Long.MIN_VALUE, Long.MAX_VALUE}) {
      Random expected = new Random(seed);
      EventRandom actual = new EventRandom(seed);
      for (int i = 0; i < 5000; i++) {
        assertEquals(expected.nextInt(26), actual.nextLetter(), "seed " + seed + ", draw " + i);
      }
    }
    assertEquals((int) ((((108_791_672_638_027L ^ 0x5DEECE66DL) * 0x5DEECE66DL + 0xBL) & ((1L << 48) - 1)) >>> 17),
        Integer.MAX_VALUE - 17, "the first seed's first draw is one nextInt(26) rejects");
  }
}

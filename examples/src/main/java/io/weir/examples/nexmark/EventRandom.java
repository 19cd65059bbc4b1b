package io.weir.examples.nexmark;

/**
 * {@link java.util.Random}'s generator (the same 48-bit linear congruence, so the same numbers for
 * the same seed) without its thread safety: one per event, confined to the thread that makes the
 * event, so each draw is a multiply and an add instead of a compare-and-set on an atomic.
 */
final class EventRandom {
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long ADDEND = 0xBL;
  private static final long MASK = (1L << 48) - 1;
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private long seed;

  EventRandom(long seed) {
    this.seed = (seed ^ MULTIPLIER) & MASK;
  }

  private int next(int bits) {
    seed = (seed * MULTIPLIER + ADDEND) & MASK;
    return (int) (seed >>> (48 - bits));
  }

  /** As {@link java.util.Random#nextInt(int)}. */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    int r = next(31);
    int m = bound - 1;
    if ((bound & m) == 0) {
      return (int) ((bound * (long) r) >> 31);
    }
    for (int u = r; u - (r = u % bound) + m < 0; u = next(31)) {
      // rejected: u fell in the last, partial run of the bound
    }
    return r;
  }

  /**
   * As {@code nextInt(26)}, with the bound a constant (a multiply instead of a division per
   * letter) and its rejection written out: {@code nextInt} draws again when {@code u - u % 26 + 25}
   * overflows, which is when {@code u >= 2^31 - 24}.
   */
  int nextLetter() {
    int u = next(31);
    while (u >= Integer.MAX_VALUE - 23) {
      u = next(31);
    }
    return u % 26;
  }

  /** As {@link java.util.Random#nextLong()}. */
  long nextLong() {
    return ((long) next(32) << 32) + next(32);
  }

  /** As {@link java.util.Random#nextDouble()}. */
  double nextDouble() {
    return (((long) next(26) << 27) + next(27)) * DOUBLE_UNIT;
  }
}

package io.weir.cluster.ha;

/** A command or write under an epoch older than one already seen: a newer leader has taken over. */
public final class StaleEpochException extends RuntimeException {
  private final long epoch;
  private final long highest;

  public StaleEpochException(String what, long epoch, long highest) {
    super(what + " refused: epoch " + epoch + " is older than epoch " + highest + " (a newer leader has taken over)");
    this.epoch = epoch;
    this.highest = highest;
  }

  public long epoch() {
    return epoch;
  }

  /** The newer epoch that refused it. */
  public long highest() {
    return highest;
  }
}

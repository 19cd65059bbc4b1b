package io.weir.cluster;

/** One slot of one worker incarnation. */
public record Slot(String worker, String incarnation, int index) {
  @Override
  public String toString() {
    return worker + "[" + index + "]";
  }
}

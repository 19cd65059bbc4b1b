package io.weir.cluster;

/** One slot of one worker incarnation. */
public record Slot(String worker, String incarnation, int index) {
  /** Whether this slot belongs to that incarnation of the worker. */
  public boolean isOn(Worker w) {
    return worker.equals(w.name()) && incarnation.equals(w.incarnation());
  }

  @Override
  public String toString() {
    return worker + "[" + index + "]";
  }
}

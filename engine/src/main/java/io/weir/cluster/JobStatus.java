package io.weir.cluster;

/** A job's state, with Flink's names. */
public enum JobStatus {
  CREATED, RUNNING, RESTARTING, CANCELLING, FINISHED, CANCELED, FAILED;

  public boolean terminal() {
    return this == FINISHED || this == CANCELED || this == FAILED;
  }
}

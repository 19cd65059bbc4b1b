package io.weir.cluster.protocol;

/** The job's final checkpoint is complete: close the operators and report finished. */
public record FinishTask(long epoch, TaskAttempt attempt) {
}

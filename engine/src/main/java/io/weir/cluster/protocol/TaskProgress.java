package io.weir.cluster.protocol;

/** A task's running totals, sent every second. */
public record TaskProgress(TaskAttempt attempt, long recordsIn, long recordsOut, boolean backpressured) {
}

package io.weir.cluster.protocol;

/** A task's running totals, sent every second. */
/** {@code diagnostics} describes the task's channels (credits, waiting and held batches) for status output. */
public record TaskProgress(TaskAttempt attempt, long recordsIn, long recordsOut, boolean backpressured, String diagnostics) implements TaskReport {
}

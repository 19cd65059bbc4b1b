package io.weir.cluster.protocol;

/** A task restored its state (if any) and is ready to process. */
public record TaskRunning(TaskAttempt attempt, long restoredAt, long restoredBytes) implements TaskReport {
}

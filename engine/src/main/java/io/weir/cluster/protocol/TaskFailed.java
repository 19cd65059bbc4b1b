package io.weir.cluster.protocol;

/**
 * A task attempt failed: the error, the stack trace, and where in the input it was.
 * {@code corruptCheckpoint} names the checkpoint whose state could not be read when that is why
 * (-1 otherwise), so the leader restores from an older one.
 */
public record TaskFailed(TaskAttempt attempt, String error, String stackTrace, String position, long at,
                         long corruptCheckpoint) implements TaskReport {
}

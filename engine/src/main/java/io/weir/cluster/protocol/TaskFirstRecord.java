package io.weir.cluster.protocol;

/** A task processed its first record. */
public record TaskFirstRecord(TaskAttempt attempt, long at) implements TaskReport {
}

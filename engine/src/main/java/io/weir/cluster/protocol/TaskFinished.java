package io.weir.cluster.protocol;

/** A task committed its output and closed its operators. */
public record TaskFinished(TaskAttempt attempt) implements TaskReport {
}

package io.weir.cluster.protocol;

/** A task has processed all of its (bounded) input and passed end-of-input downstream. */
public record TaskInputEnded(TaskAttempt attempt) implements TaskReport {
}

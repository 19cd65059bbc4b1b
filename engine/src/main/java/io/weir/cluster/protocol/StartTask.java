package io.weir.cluster.protocol;

/** Every task of the attempt is deployed: grant credits and start reading. */
public record StartTask(long epoch, TaskAttempt attempt) {
}

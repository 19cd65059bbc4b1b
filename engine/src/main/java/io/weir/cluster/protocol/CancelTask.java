package io.weir.cluster.protocol;

/** Undeploy a task attempt (cancel it, or release it once finished). */
public record CancelTask(long epoch, TaskAttempt attempt, String reason) {
}

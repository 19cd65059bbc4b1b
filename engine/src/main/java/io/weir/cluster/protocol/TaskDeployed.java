package io.weir.cluster.protocol;

/** A worker's reply to {@link DeployTask}: the task's consumers are registered. */
public record TaskDeployed(TaskAttempt attempt, String worker, long deployedAt) {
}

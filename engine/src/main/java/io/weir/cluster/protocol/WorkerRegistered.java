package io.weir.cluster.protocol;

/** The leader's answer to {@link RegisterWorker}: its epoch and the heartbeat it expects. */
public record WorkerRegistered(long epoch, String leaderNodeId, long heartbeatIntervalMs, long heartbeatTimeoutMs) {
}

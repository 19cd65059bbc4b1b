package io.weir.cluster.protocol;

/**
 * The leader's answer to {@link RegisterWorker}: its epoch, the heartbeat it expects, and where the
 * worker opens its presence connection (a TCP connection whose loss tells the leader at once that
 * the worker's process is gone).
 */
public record WorkerRegistered(long epoch, String leaderNodeId, long heartbeatIntervalMs, long heartbeatTimeoutMs,
                               String presenceHost, int presencePort) {
}

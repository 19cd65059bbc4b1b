package io.weir.cluster.worker;

/** The leader a worker is registered with: its cluster member, its epoch, the heartbeat timeout it asked for. */
public record Leader(String nodeId, long epoch, long heartbeatTimeoutMs) {
}

package io.weir.cluster.protocol;

/**
 * A worker offers its slots to the leader. {@code incarnation} is new each time the worker
 * (re-)registers, so a worker that was declared dead and came back is a fresh worker.
 */
public record RegisterWorker(String name, String incarnation, String nodeId, int slots) {
}

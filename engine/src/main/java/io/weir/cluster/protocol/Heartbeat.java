package io.weir.cluster.protocol;

/** The leader asks a worker whether it is alive. */
public record Heartbeat(long epoch, long sequence, String incarnation) {
}

/**
 * The worker's side of its bond with the leader: {@link io.weir.cluster.worker.LeaderWatch}
 * registers the worker, watches the leader's heartbeats and epoch, keeps the presence connection,
 * and stops the worker's tasks when the leader is lost. Plain classes driven by a clock and a
 * {@link io.weir.cluster.worker.LeaderLink}; the worker verticle only wires them.
 */
package io.weir.cluster.worker;

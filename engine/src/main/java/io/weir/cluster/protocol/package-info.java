/**
 * The messages of Weir's control plane, one Java record each, sent on the event bus with the
 * {@code weir-message} codec. Every message that concerns a job names the job, the execution
 * attempt it belongs to and, when it comes from the leader, the leader's epoch, so that stale
 * senders (a deposed leader, a zombie task) are recognised and ignored. One message is not sent on
 * the event bus: {@link io.weir.cluster.protocol.PresenceHello}, the first line of a worker's
 * presence connection, which encodes and decodes itself.
 */
package io.weir.cluster.protocol;

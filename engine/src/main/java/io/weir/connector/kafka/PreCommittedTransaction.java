package io.weir.connector.kafka;

/** A Kafka transaction flushed on checkpoint {@code checkpointId}'s barrier, to be committed when the checkpoint completes. */
public record PreCommittedTransaction(String transactionalId, long producerId, short epoch, long checkpointId) {
}

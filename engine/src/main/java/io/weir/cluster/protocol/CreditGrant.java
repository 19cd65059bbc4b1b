package io.weir.cluster.protocol;

/**
 * Credit-based flow control: the receiver allows its sender on one channel to have sent up to
 * {@code limit} record batches in total (the batches it consumed plus its window). Absolute, so a
 * grant that is repeated, reordered or lost and sent again never adds credit twice.
 */
public record CreditGrant(int attempt, int edge, int receiverSubtask, long limit) {
}

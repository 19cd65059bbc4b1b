package io.weir.cluster.protocol;

/** A receiver lets a sender send {@code credits} more batches on one channel (credit-based flow control). */
public record CreditGrant(int attempt, int edge, int receiverSubtask, int credits) {
}

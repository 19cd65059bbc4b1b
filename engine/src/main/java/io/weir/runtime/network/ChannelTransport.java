package io.weir.runtime.network;

/** Sends data batches to an address: the event bus in a cluster, an in-memory queue in unit tests. */
@FunctionalInterface
public interface ChannelTransport {
  void send(String address, DataBatch batch);
}

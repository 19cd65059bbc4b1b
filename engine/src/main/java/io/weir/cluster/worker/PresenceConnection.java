package io.weir.cluster.worker;

import io.weir.cluster.protocol.PresenceHello;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's end of its presence connection: at most one at a time, opened for one incarnation
 * and closed when that incarnation ends. A connection that completes after it was closed or
 * superseded is closed at once, so the leader never hears a hello from a stale incarnation. When
 * an open connection is closed by the leader's side (its process died, or it stopped leading and
 * closed its presence server), {@code onLost} runs: the leader is gone without waiting for the
 * heartbeats to fall silent.
 */
final class PresenceConnection {
  private static final Logger log = LoggerFactory.getLogger(PresenceConnection.class);

  private final String worker;
  private final LeaderLink link;
  private final Runnable onLost;
  private PresenceState state = PresenceState.CLOSED;
  private LeaderLink.PresenceSocket socket;
  /** Which open() the current connection belongs to; bumped on every open and close. */
  private long generation;

  PresenceConnection(String worker, LeaderLink link, Runnable onLost) {
    this.worker = worker;
    this.link = link;
    this.onLost = onLost;
  }

  PresenceState state() {
    return state;
  }

  void open(String host, int port, PresenceHello hello) {
    close();
    long mine = ++generation;
    state = state.moveTo(PresenceState.CONNECTING);
    link.connectPresence(host, port).onComplete(ar -> {
      if (mine != generation) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        state = state.moveTo(PresenceState.CLOSED);
        log.warn("worker {} could not open its presence connection to the coordinator: {}", worker, ar.cause().getMessage());
        return;
      }
      socket = ar.result();
      state = state.moveTo(PresenceState.OPEN);
      socket.closeHandler(() -> closedByPeer(mine));
      socket.write(hello.encode());
    });
  }

  void close() {
    generation++;
    if (socket != null) {
      LeaderLink.PresenceSocket s = socket;
      socket = null;
      s.close();
    }
    if (state != PresenceState.CLOSED) {
      state = state.moveTo(PresenceState.CLOSED);
    }
  }

  private void closedByPeer(long of) {
    if (of != generation) {
      return;
    }
    socket = null;
    state = state.moveTo(PresenceState.CLOSED);
    log.debug("worker {}'s presence connection to the coordinator closed", worker);
    onLost.run();
  }
}

package io.weir.node;

import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's handler for exceptions that no handler of Weir's caught, so that each says what
 * happened. One is Vert.x's own and harmless: in Vert.x 5.0 a message sent (not requested) to a
 * member whose connection just closed fails its write, and the event bus then completes its
 * delivery promise a second time ({@code OutboundDeliveryContext.tryFail} answers false, so
 * {@code Promise.fail} throws "Promise already completed"). The message is lost, as a send to a
 * departed member is; Weir's protocols expect that (attempts are fenced, reports are repeated),
 * so it is logged at DEBUG. Everything else is an error in Weir and logged as one.
 */
public final class UnhandledExceptions implements Handler<Throwable> {
  private static final Logger log = LoggerFactory.getLogger(UnhandledExceptions.class);

  @Override
  public void handle(Throwable e) {
    if (isLostWriteToDepartedMember(e)) {
      log.debug("a message to a member whose connection closed was dropped: {}", e.toString());
    } else {
      log.error("unhandled exception (a bug in Weir: please report it)", e);
    }
  }

  /**
   * Whether {@code e} is Vert.x 5.0's double completion of a clustered write that failed. Sent from
   * an event loop, its stack names the outbound connection (Weir's send may be further down: it is
   * the caller, not the one that completed twice); sent from a worker context (a task), the
   * completion runs later on that context and the stack holds only Vert.x's future machinery, with
   * no frame of Weir's, which a promise Weir itself completed twice would show.
   */
  static boolean isLostWriteToDepartedMember(Throwable e) {
    if (!(e instanceof IllegalStateException) || !"Promise already completed".equals(e.getMessage())) {
      return false;
    }
    boolean weir = false;
    boolean emitted = false;
    for (StackTraceElement frame : e.getStackTrace()) {
      String c = frame.getClassName();
      if (c.startsWith("io.vertx.core.eventbus.impl.clustered.OutboundConnection")) {
        return true;
      }
      // the same double completion when the queued write is drained after the channel closed
      if (c.equals("io.vertx.core.net.impl.DelegatingChannelPromise") && frame.getMethodName().equals("tryFailure")) {
        return true;
      }
      weir |= c.startsWith("io.weir.");
      emitted |= c.equals("io.vertx.core.impl.future.FutureBase") && frame.getMethodName().startsWith("lambda$emitResult");
    }
    return emitted && !weir;
  }
}

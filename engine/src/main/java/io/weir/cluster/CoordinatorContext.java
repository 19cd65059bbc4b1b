package io.weir.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Time, timers and blocking work for the coordinator's plain classes, all on the coordinator's
 * own context. The verticle provides the real one; unit tests a fake clock that they advance.
 */
public interface CoordinatorContext extends Timers {
  /** Runs blocking work (checkpoint storage) off the context; the future completes on it. */
  <T> Future<T> executeBlocking(Callable<T> work);

  Vertx vertx();
}

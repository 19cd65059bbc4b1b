package io.weir.verticles;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weir.cluster.CoordinatorContext;
import java.util.concurrent.Callable;

/** The coordinator's time, timers and blocking work, on its verticle's context. */
final class ContextCoordinatorContext implements CoordinatorContext {
  private final Vertx vertx;
  private final Context context;

  ContextCoordinatorContext(Vertx vertx, Context context) {
    this.vertx = vertx;
    this.context = context;
  }

  @Override
  public long now() {
    return System.currentTimeMillis();
  }

  @Override
  public long setTimer(long delayMillis, Runnable action) {
    return vertx.setTimer(Math.max(1, delayMillis), id -> action.run());
  }

  @Override
  public long setPeriodic(long periodMillis, Runnable action) {
    return vertx.setPeriodic(Math.max(1, periodMillis), id -> action.run());
  }

  @Override
  public void cancelTimer(long id) {
    if (id >= 0) {
      vertx.cancelTimer(id);
    }
  }

  @Override
  public <T> Future<T> executeBlocking(Callable<T> work) {
    return context.executeBlocking(work, false);
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }
}

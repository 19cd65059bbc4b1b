package io.weir.cluster;

/**
 * Time and timers on one context: the control plane's plain classes (the coordinator's, and the
 * worker's watch on its leader) take one, so a unit test drives them with a fake clock it advances.
 */
public interface Timers {
  long now();

  long setTimer(long delayMillis, Runnable action);

  long setPeriodic(long periodMillis, Runnable action);

  void cancelTimer(long id);
}

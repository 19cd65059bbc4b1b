package io.weir.cli;

import io.vertx.core.Future;
import io.weir.cluster.JobMaster;
import io.weir.node.LocalCluster;
import io.weir.runtime.JobId;
import io.weir.verticles.CoordinatorVerticle;

/**
 * {@code local --kill-coordinator-after}: kills the leading coordinator mid-job and follows the
 * takeover, printing when a standby led, when it had the job running again and when its restarted
 * tasks processed their first record (the tasks' own report of it, not the next progress report),
 * each counted from the kill.
 */
final class LocalFailover {
  private static final long POLL_MS = 20;

  /** The takeover's timings in milliseconds after the kill; -1 for what did not happen within the deadline. */
  record Timings(long led, long running, long firstRecord) {
  }

  private LocalFailover() {
  }

  static Timings killLeaderAndFollow(LocalCluster local, JobId job, long deadlineMs) throws Exception {
    long killedAt = System.currentTimeMillis();
    int victim = local.killLeader();
    Console.out().printf("killed the leading coordinator %s (its Hazelcast member terminated without leaving)%n",
        local.coordinators().get(victim).name());
    long led = -1;
    long running = -1;
    long firstRecord = -1;
    long deadline = killedAt + deadlineMs;
    while (firstRecord < 0 && System.currentTimeMillis() < deadline) {
      CoordinatorVerticle leader = local.leader();
      if (leader != null) {
        long now = System.currentTimeMillis() - killedAt;
        if (led < 0) {
          led = now;
          Console.out().printf("coordinator %s leads after %d ms%n", leader.name(), led);
        }
        String[] state = ServerCommands.await(leader.call(jm -> {
          JobMaster j = jm.job(job);
          long first = j == null ? 0 : j.executions().stream().mapToLong(e -> e.firstRecordAt()).filter(at -> at > 0)
              .min().orElse(0);
          return Future.succeededFuture(j == null ? new String[] {"", "0"}
              : new String[] {j.status().name(), Long.toString(first)});
        }), 30, "reading the job on the new leader");
        if (running < 0 && state[0].equals("RUNNING")) {
          running = now;
          Console.out().printf("the job runs again on %s after %d ms%n", leader.name(), running);
        }
        long firstAt = Long.parseLong(state[1]);
        if (running >= 0 && firstAt > 0) {
          firstRecord = firstAt - killedAt;
          Console.out().printf("first record processed after the takeover after %d ms%n", firstRecord);
        }
      }
      Thread.sleep(POLL_MS);
    }
    return new Timings(led, running, firstRecord);
  }
}

package io.weir.examples.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The failover benchmark (a program, not a test): three coordinator processes (one leads) and three
 * workers run an unbounded keyed count with about 10 MB of heap state; the leading coordinator is
 * killed with kill -9 again and again (a fresh coordinator process replaces it each time, as a
 * standby), and each takeover is timed from the kill: until a standby leads (detection and
 * election), until the job runs again on it, and until its sinks write the first record. Tasks are
 * restarted on takeover (no adoption), so the tasks restarted per failover are all the job's.
 *
 * <pre>java -cp verticles/target/weir.jar io.weir.examples.bench.FailoverBenchmark [--kills 10]</pre>
 */
public final class FailoverBenchmark {
  private FailoverBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int kills = 10;
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--kills")) {
        kills = Integer.parseInt(args[i + 1]);
      } else {
        throw new IllegalArgumentException("unknown option " + args[i] + " (--kills N)");
      }
    }
    JsonObject settings = new JsonObject()
        .put("checkpoint", new JsonObject().put("interval", "1s").put("timeout", "120s"))
        .put("heartbeat", new JsonObject().put("interval", "500ms").put("timeout", "3s"));
    try (Bench.ProcessCluster cluster = new Bench.ProcessCluster(settings, List.of("-Xmx1g"))) {
      Map<String, Integer> ports = new LinkedHashMap<>();
      Map<String, Process> processes = new LinkedHashMap<>();
      String firstName = cluster.get("/cluster").getString("coordinator");
      ports.put(firstName, cluster.restPort);
      processes.put(firstName, cluster.all.get(0)); // the cluster starts its coordinator first
      for (String c : List.of("c-2", "c-3")) {
        int port = Bench.freePort();
        processes.put(c, cluster.startCoordinator(c, port));
        ports.put(c, port);
        awaitStandby(cluster, port);
      }
      for (int i = 1; i <= 3; i++) {
        cluster.startWorker("w-" + i, 2);
      }
      cluster.use(leaderPort(cluster, ports, null));
      cluster.awaitWorkers(3);
      String id = cluster.submit("keyed-count", 2, new JsonObject(), "--events", "0", "--keys", "10000",
          "--value-bytes", "1000", "--rate", "100000");
      awaitCheckpoint(cluster, id);
      System.out.printf("keyed count, 10 MB of heap state (10,000 keys x 1000 bytes), checkpoints every 1s; 3 coordinators,"
          + " 3 workers%n");
      List<Long> led = new ArrayList<>();
      List<Long> running = new ArrayList<>();
      List<Long> first = new ArrayList<>();
      List<Long> restarted = new ArrayList<>();
      for (int k = 1; k <= kills; k++) {
        String leader = nameAt(cluster, ports, leaderPort(cluster, ports, null));
        Process victim = processes.get(leader);
        long killedAt = System.currentTimeMillis();
        new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).start().waitFor();
        victim.waitFor(10, TimeUnit.SECONDS);
        int port = leaderPort(cluster, ports, leader);
        long ledMs = System.currentTimeMillis() - killedAt;
        cluster.use(port);
        long runningMs = -1;
        long firstMs = -1;
        int tasks = 0;
        while (firstMs < 0) {
          JsonObject job = cluster.get("/jobs/" + id);
          long now = System.currentTimeMillis() - killedAt;
          if (runningMs < 0 && "RUNNING".equals(job.getString("state"))) {
            runningMs = now;
            tasks = job.getJsonArray("tasks").size();
          }
          if (runningMs >= 0 && job.getLong("recordsWritten", 0L) > 0) {
            firstMs = now;
          }
          Thread.sleep(20);
        }
        led.add(ledMs);
        running.add(runningMs);
        first.add(firstMs);
        restarted.add((long) tasks);
        System.out.printf("  kill %2d: %s killed; a standby led after %d ms, the job ran again after %d ms, first record"
            + " after %d ms; %d tasks restarted%n", k, leader, ledMs, runningMs, firstMs, tasks);
        int fresh = Bench.freePort();
        processes.put(leader, cluster.startCoordinator(leader, fresh));
        ports.put(leader, fresh);
        awaitStandby(cluster, fresh);
        awaitCheckpoint(cluster, id);
      }
      System.out.printf("failover (%d kills of the leader): standby leads p50 %d ms, max %d ms; job running p50 %d ms, max %d ms;"
              + " first record after takeover p50 %d ms, max %d ms; tasks restarted per failover %d%n", led.size(),
          Bench.percentile(led, 0.5), Bench.percentile(led, 1.0), Bench.percentile(running, 0.5),
          Bench.percentile(running, 1.0), Bench.percentile(first, 0.5), Bench.percentile(first, 1.0),
          Bench.percentile(restarted, 0.5));
    }
  }

  /** Polls every coordinator but {@code not} until one says it leads; returns its REST port. */
  private static int leaderPort(Bench.ProcessCluster cluster, Map<String, Integer> ports, String not) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      for (Map.Entry<String, Integer> e : ports.entrySet()) {
        if (e.getKey().equals(not)) {
          continue;
        }
        cluster.use(e.getValue());
        try {
          if ("leader".equals(cluster.get("/cluster").getString("role"))) {
            return e.getValue();
          }
        } catch (Exception unreachable) {
          // killed, or not listening yet
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no coordinator leads; logs in " + cluster.dir);
  }

  private static String nameAt(Bench.ProcessCluster cluster, Map<String, Integer> ports, int port) {
    return ports.entrySet().stream().filter(e -> e.getValue() == port).findFirst().orElseThrow().getKey();
  }

  private static void awaitStandby(Bench.ProcessCluster cluster, int port) throws Exception {
    int before = cluster.restPort;
    cluster.use(port);
    long deadline = System.currentTimeMillis() + 120_000;
    try {
      while (System.currentTimeMillis() < deadline) {
        try {
          JsonObject c = cluster.get("/cluster");
          if (c.getString("leader") != null) {
            return;
          }
        } catch (Exception notYet) {
          // not listening yet
        }
        Thread.sleep(200);
      }
      throw new IllegalStateException("the coordinator on port " + port + " did not join; logs in " + cluster.dir);
    } finally {
      cluster.use(before);
    }
  }

  private static void awaitCheckpoint(Bench.ProcessCluster cluster, String id) throws Exception {
    long deadline = System.currentTimeMillis() + 300_000;
    while (System.currentTimeMillis() < deadline) {
      JsonObject job = cluster.get("/jobs/" + id);
      if ("RUNNING".equals(job.getString("state")) && job.getValue("latestCheckpoint") != null) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no checkpoint completed; logs in " + cluster.dir);
  }
}

package io.weir.examples.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The failover benchmark (a program, not a test): three coordinator processes (one leads) and three
 * workers run an unbounded keyed count with about 10 MB of heap state; the leading coordinator is
 * killed with kill -9 again and again (a fresh coordinator process replaces it each time, as a
 * standby), and each takeover is timed from the kill: until the new leader heard that the dead
 * member left (its log's member-left line, from Vert.x's node listener, which can come after the
 * election itself saw the removal in Hazelcast's member list), until a standby leads, until the job runs again on it, until its
 * first record is processed, and until every task, the sinks included, processes records again
 * (the longest gap in the sinks' output is at most that). It counts the tasks restarted, by their
 * attempt numbers.
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
      Map<String, Path> logs = new LinkedHashMap<>();
      String firstName = cluster.get("/cluster").getString("coordinator");
      ports.put(firstName, cluster.restPort);
      processes.put(firstName, cluster.all.get(0)); // the cluster starts its coordinator first
      logs.put(firstName, cluster.dir.resolve("coordinator.log"));
      for (String c : List.of("c-2", "c-3")) {
        int port = Bench.freePort();
        processes.put(c, cluster.startCoordinator(c, port));
        ports.put(c, port);
        logs.put(c, cluster.dir.resolve(c + ".log"));
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
      List<Long> detected = new ArrayList<>();
      List<Long> led = new ArrayList<>();
      List<Long> running = new ArrayList<>();
      List<Long> first = new ArrayList<>();
      List<Long> resumed = new ArrayList<>();
      List<Long> restarted = new ArrayList<>();
      for (int k = 1; k <= kills; k++) {
        String leader = nameAt(cluster, ports, leaderPort(cluster, ports, null));
        Map<String, Long> attemptsBefore = attempts(cluster.get("/jobs/" + id));
        Process victim = processes.get(leader);
        long killedAt = System.currentTimeMillis();
        new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).start().waitFor();
        victim.waitFor(10, TimeUnit.SECONDS);
        int port = leaderPort(cluster, ports, leader);
        long ledMs = System.currentTimeMillis() - killedAt;
        String next = nameAt(cluster, ports, port);
        cluster.use(port);
        Takeover t = awaitTakeover(cluster, id, attemptsBefore, killedAt);
        long detectedMs = memberLeftAt(logs.get(next), killedAt) - killedAt;
        detected.add(detectedMs);
        led.add(ledMs);
        running.add(t.runningMs);
        first.add(t.firstMs);
        resumed.add(t.everywhereMs);
        restarted.add((long) t.restarted);
        System.out.printf("  kill %2d: %s killed; the new leader heard it left after %d ms, %s led after %d ms, the job ran again"
                + " after %d ms, first record after %d ms, every task (the sinks too) had records again after %d ms;"
                + " %d of %d tasks restarted%n", k, leader, detectedMs, next, ledMs, t.runningMs, t.firstMs, t.everywhereMs,
            t.restarted, attemptsBefore.size());
        int fresh = Bench.freePort();
        processes.put(leader, cluster.startCoordinator(leader, fresh));
        ports.put(leader, fresh);
        logs.put(leader, cluster.dir.resolve(leader + ".log"));
        awaitStandby(cluster, fresh);
        awaitCheckpoint(cluster, id);
      }
      System.out.printf("failover (%d kills of the leader): member-left event p50 %d ms, max %d ms; standby leads p50 %d ms, max %d ms;"
              + " job running p50 %d ms, max %d ms; first record after takeover p50 %d ms, max %d ms; longest gap in"
              + " sink output (kill to every task's first record) p50 %d ms, max %d ms; tasks restarted per failover"
              + " p50 %d, max %d%n", led.size(), Bench.percentile(detected, 0.5), Bench.percentile(detected, 1.0),
          Bench.percentile(led, 0.5), Bench.percentile(led, 1.0), Bench.percentile(running, 0.5),
          Bench.percentile(running, 1.0), Bench.percentile(first, 0.5), Bench.percentile(first, 1.0),
          Bench.percentile(resumed, 0.5), Bench.percentile(resumed, 1.0), Bench.percentile(restarted, 0.5),
          Bench.percentile(restarted, 1.0));
    }
  }

  /** Times since the kill, from the new leader's view of the job. */
  private record Takeover(long runningMs, long firstMs, long everywhereMs, int restarted) {
  }

  /**
   * Polls the job on the new leader until it runs and every task it restarted has processed a
   * record: the first record is the earliest of the restarted tasks' first records (their own
   * clocks, this machine's), output has resumed everywhere at the latest of them. The old tasks ran
   * until the kill at least, so the latter bounds the longest gap in the sinks' output from above.
   */
  private static Takeover awaitTakeover(Bench.ProcessCluster cluster, String id, Map<String, Long> before, long killedAt)
      throws Exception {
    long runningMs = -1;
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      JsonObject job = cluster.get("/jobs/" + id);
      if (!job.containsKey("tasks")) {
        Thread.sleep(20); // the new leader has not loaded the job yet
        continue;
      }
      if (runningMs < 0 && "RUNNING".equals(job.getString("state"))) {
        runningMs = System.currentTimeMillis() - killedAt;
      }
      int restarted = 0;
      long firstAt = Long.MAX_VALUE;
      long lastAt = 0;
      boolean all = true;
      for (Object o : job.getJsonArray("tasks")) {
        JsonObject task = (JsonObject) o;
        if (task.getLong("attempt").equals(before.get(key(task)))) {
          continue; // not restarted
        }
        restarted++;
        long at = task.getLong("firstRecordAt", 0L);
        if (at <= 0) {
          all = false;
        } else {
          firstAt = Math.min(firstAt, at);
          lastAt = Math.max(lastAt, at);
        }
      }
      if (runningMs >= 0 && all) {
        return restarted == 0 ? new Takeover(runningMs, 0, 0, 0)
            : new Takeover(runningMs, firstAt - killedAt, lastAt - killedAt, restarted);
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("job " + id + " did not process records after the takeover; logs in " + cluster.dir);
  }

  private static Map<String, Long> attempts(JsonObject job) {
    Map<String, Long> attempts = new LinkedHashMap<>();
    for (Object o : job.getJsonArray("tasks")) {
      attempts.put(key((JsonObject) o), ((JsonObject) o).getLong("attempt"));
    }
    return attempts;
  }

  private static String key(JsonObject task) {
    return task.getString("task") + "#" + task.getInteger("subtask");
  }

  /** When {@code log} (a coordinator's) first says a cluster member left after {@code since}; -1 if it never did. */
  private static long memberLeftAt(Path log, long since) throws IOException {
    LocalDate day = Instant.ofEpochMilli(since).atZone(ZoneId.systemDefault()).toLocalDate();
    for (String line : Files.readAllLines(log)) {
      if (line.length() > 12 && line.contains("cluster member") && line.contains(" left (")) {
        long at = LocalTime.parse(line.substring(0, 12)).atDate(day).atZone(ZoneId.systemDefault()).toInstant()
            .toEpochMilli();
        if (at >= since) {
          return at;
        }
      }
    }
    return -1;
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

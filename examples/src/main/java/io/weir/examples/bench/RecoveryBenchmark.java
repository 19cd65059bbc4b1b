package io.weir.examples.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recovery benchmark (a program, not a test): a coordinator and three worker processes run an
 * unbounded keyed count whose heap state totals about 10 MB, then about 1 GB; a worker running its
 * tasks is killed with kill -9 again and again (a fresh worker process replaces it each time), and
 * the gap between each kill and the first record processed by the restored tasks is measured, with
 * the detection time. Last, a worker is stopped with SIGSTOP to measure how long a hung worker takes
 * to be declared dead (the heartbeat timeout).
 *
 * <pre>java -cp verticles/target/weir.jar io.weir.examples.bench.RecoveryBenchmark [--kills 10] [--sizes 10mb,1gb]</pre>
 *
 * <p>The workers run as the README advises for production: heap fixed ({@code -Xms} = {@code -Xmx}, as
 * Flink sizes its task managers), touched when the JVM starts and backed by transparent huge pages.
 * A killed process's sockets close only once the kernel has freed its memory; with 500 MB of live
 * heap in 4 KB pages that took 120–530 ms here, with huge pages 10–70 ms, and the coordinator
 * notices the loss that much sooner. A restore into heap never touched before paid the first touch
 * of every page as it went (about 0.8 s for 500 MB on this machine).
 */
public final class RecoveryBenchmark {
  private RecoveryBenchmark() {
  }

  /** A state size: keys times the payload per key, the workers' heap and the checkpoint interval. */
  private record Size(String label, long keys, int valueBytes, String heap, String interval, long rate) {
  }

  public static void main(String[] args) throws Exception {
    int kills = 10;
    String sizes = "10mb,1gb";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--kills" -> kills = Integer.parseInt(args[i + 1]);
        case "--sizes" -> sizes = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--kills N, --sizes 10mb,1gb)");
      }
    }
    Map<String, Size> known = new LinkedHashMap<>();
    known.put("10mb", new Size("10 MB", 10_000, 1000, "-Xmx1g", "1s", 100_000));
    known.put("1gb", new Size("1 GB", 1_000_000, 1000, "-Xmx4g", "10s", 300_000));
    for (String s : sizes.split(",")) {
      Size size = known.get(s.trim());
      if (size == null) {
        throw new IllegalArgumentException("unknown size " + s + " (10mb, 1gb)");
      }
      run(size, kills);
    }
  }

  private static void run(Size size, int kills) throws Exception {
    JsonObject settings = new JsonObject()
        .put("checkpoint", new JsonObject().put("interval", size.interval()).put("timeout", "120s"))
        .put("heartbeat", new JsonObject().put("interval", "500ms").put("timeout", "3s"));
    try (Bench.ProcessCluster cluster = new Bench.ProcessCluster(settings, List.of("-Xms" + size.heap().substring(4), size.heap(), "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages",
        "-Xlog:gc,gc+cpu:stdout:time"))) {
      for (int i = 1; i <= 3; i++) {
        cluster.startWorker("w-" + i, 2);
      }
      cluster.awaitWorkers(3);
      String id = cluster.submit("keyed-count", 2, new JsonObject(), "--events", "0", "--keys", Long.toString(size.keys()),
          "--value-bytes", Integer.toString(size.valueBytes()), "--rate", Long.toString(size.rate()));
      long filled = awaitCheckpointAfter(cluster, id, size.keys() * 2, -1);
      System.out.printf("%s of heap state (%,d keys x %d bytes), checkpoints every %s; first complete checkpoint with all"
          + " keys: %d%n", size.label(), size.keys(), size.valueBytes(), size.interval(), filled);

      List<Long> recovery = new ArrayList<>();
      List<Long> detection = new ArrayList<>();
      for (int k = 1; k <= kills; k++) {
        JsonObject job = cluster.get("/jobs/" + id);
        String victim = busiest(job);
        int before = job.getInteger("failures");
        long killedAt = System.currentTimeMillis();
        cluster.kill9(victim);
        JsonArray failures = awaitRecovered(cluster, id, before);
        JsonObject failure = failures.getJsonObject(before); // the kill's
        JsonObject last = failures.getJsonObject(failures.size() - 1); // the failure the job last recovered from
        long rec = last.getLong("firstRecordAt") - killedAt;
        long det = failure.getLong("detectedAt") - killedAt;
        recovery.add(rec);
        detection.add(det);
        JsonObject t = last.getJsonObject("timings");
        System.out.printf("  kill %2d: %s killed; detected after %d ms, first record after restore %d ms (checkpoint %s;"
                + " then cancelled +%s, deployed +%s, restored +%s ms)%n", k, victim, det, rec,
            last.getValue("restoredCheckpoint"), t.getValue("cancelledMs"), t.getValue("deployedMs"), t.getValue("restoredMs"));
        for (int f = before + 1; f < failures.size(); f++) {
          System.out.printf("           and, during that recovery: %s%n", failures.getJsonObject(f).getString("cause"));
        }
        cluster.startWorker(victim, 2);
        cluster.awaitWorkers(3);
        awaitCheckpointAfter(cluster, id, 0, failure.getLong("restoredCheckpoint", -1L));
      }
      System.out.printf("%s: kill -9 to first record after restore: p50 %d ms, max %d ms; detection p50 %d ms, max %d ms"
              + " (%d kills)%n", size.label(), Bench.percentile(recovery, 0.5), Bench.percentile(recovery, 1.0),
          Bench.percentile(detection, 0.5), Bench.percentile(detection, 1.0), recovery.size());

      JsonObject job = cluster.get("/jobs/" + id);
      String hung = busiest(job);
      int before = job.getInteger("failures");
      long stoppedAt = System.currentTimeMillis();
      cluster.signal(hung, "STOP");
      JsonObject failure = awaitFailure(cluster, id, before);
      System.out.printf("%s: a worker stopped with SIGSTOP was declared dead after %d ms (heartbeat timeout 3 s): %s%n%n",
          size.label(), failure.getLong("detectedAt") - stoppedAt, failure.getString("cause"));
      cluster.signal(hung, "CONT");
    }
  }

  private static String busiest(JsonObject job) {
    Map<String, Integer> load = new LinkedHashMap<>();
    for (Object t : job.getJsonArray("tasks")) {
      load.merge(((JsonObject) t).getString("worker"), 1, Integer::sum);
    }
    return load.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  /** Waits until {@code records} were read and a checkpoint newer than {@code after} completed; returns its id. */
  private static long awaitCheckpointAfter(Bench.ProcessCluster cluster, String id, long records, long after)
      throws Exception {
    long deadline = System.currentTimeMillis() + 600_000;
    long firstSeen = -1;
    while (System.currentTimeMillis() < deadline) {
      JsonObject job = cluster.get("/jobs/" + id);
      Long latest = job.getLong("latestCheckpoint");
      if (job.getString("state").equals("RUNNING") && job.getLong("recordsRead") >= records && latest != null) {
        if (firstSeen < 0) {
          firstSeen = Math.max(latest, after);
        } else if (latest > firstSeen) {
          return latest;
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no checkpoint completed; logs in " + cluster.dir);
  }

  private static JsonObject awaitFailure(Bench.ProcessCluster cluster, String id, int before) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      JsonArray failures = cluster.get("/jobs/" + id + "/exceptions").getJsonArray("failures");
      if (failures.size() > before) {
        return failures.getJsonObject(failures.size() - 1);
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no failure was recorded; logs in " + cluster.dir);
  }

  /** Waits until the job recovered from every failure since the first {@code before}; returns all failures. */
  private static JsonArray awaitRecovered(Bench.ProcessCluster cluster, String id, int before) throws Exception {
    long deadline = System.currentTimeMillis() + 300_000;
    while (System.currentTimeMillis() < deadline) {
      JsonArray failures = cluster.get("/jobs/" + id + "/exceptions").getJsonArray("failures");
      if (failures.size() > before && failures.getJsonObject(failures.size() - 1).getString("outcome").equals("recovered")) {
        return failures;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the job did not recover; logs in " + cluster.dir);
  }

}

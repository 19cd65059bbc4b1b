package io.weir.examples.bench;

import io.vertx.core.json.JsonObject;
import io.weir.examples.KeyedCount;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keyed-count benchmark (a program, not a test). Prints events/s for (a) a plain Java loop
 * counting into a {@code HashMap<Long,long[]>}, (b) {@code local} mode at parallelism 1 and 2,
 * (c) a cluster of two worker processes with a keyBy shuffle between them; then (d) throughput with
 * exactly-once checkpoints every 1 s and 100 ms as a ratio to the same run without, with checkpoint
 * durations, for 1 million keys of heap state; and (e) the heap when the sink is throttled to 10% of
 * the source. Each figure is the median of three runs; every JVM runs with its default collector (G1).
 *
 * <pre>java -cp verticles/target/weir.jar io.weir.examples.bench.KeyedCountBenchmark [--events N] [--keys K]</pre>
 */
public final class KeyedCountBenchmark {
  private KeyedCountBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    long events = 50_000_000L;
    long keys = 1_000_000;
    boolean loopOnly = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--events" -> events = Long.parseLong(args[++i]);
        case "--keys" -> keys = Long.parseLong(args[++i]);
        case "--loop-only" -> loopOnly = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--events N, --keys K)");
      }
    }
    if (loopOnly) {
      System.out.println(plainLoop(events, keys));
      return;
    }
    System.out.printf("keyed count of %,d events over %,d keys; %d cores%n%n", events, keys,
        Runtime.getRuntime().availableProcessors());

    List<String> jvm = List.of("-Xmx4g");
    double loop = loopInItsOwnJvm(jvm, events, keys);
    System.out.printf("(a) plain Java loop (HashMap<Long,long[]>)          %14s%n", Bench.rate(loop));

    for (int p : new int[] {1, 2}) {
      Map<String, String> r = median(jvm, "--workers", "1", "--slots", "2", "-p", Integer.toString(p),
          "--checkpoint-interval", "0", "keyed-count", "--events", Long.toString(events), "--keys", Long.toString(keys));
      double rate = Double.parseDouble(r.get("events_per_s"));
      System.out.printf("(b) local mode, parallelism %d                        %14s  (%.0f%% of the loop)%n", p,
          Bench.rate(rate), 100 * rate / loop);
    }

    double cluster = twoProcessCluster(events, keys);
    System.out.printf("(c) cluster of two worker processes, keyBy shuffle  %14s%n", Bench.rate(cluster));

    long millionKeys = 1_000_000;
    long checkpointEvents = Math.max(events / 2, 30_000_000L);
    String[] intervals = {"0", "1s", "100ms"};
    Map<String, List<Map<String, String>>> runs = new java.util.LinkedHashMap<>();
    for (int round = 0; round < 5; round++) {
      for (String interval : intervals) { // interleaved, so drift in the machine's speed hits all alike
        runs.computeIfAbsent(interval, k -> new java.util.ArrayList<>()).add(Bench.local(jvm, "--workers", "1", "--slots",
            "2", "-p", "1", "--checkpoint-interval", interval, "--mode", "exactly-once", "keyed-count", "--events",
            Long.toString(checkpointEvents), "--keys", Long.toString(millionKeys)));
      }
    }
    double base = Double.parseDouble(medianRun(runs.get("0")).get("events_per_s"));
    System.out.printf("%n(d) 1,000,000 keys in heap state, local mode, parallelism 1 (medians of 5 interleaved runs)%n");
    System.out.printf("    no checkpoints                                  %14s%n", Bench.rate(base));
    for (String interval : new String[] {"1s", "100ms"}) {
      Map<String, String> r = medianRun(runs.get(interval));
      double rate = Double.parseDouble(r.get("events_per_s"));
      System.out.printf("    exactly-once checkpoints every %-5s            %14s  (%.0f%% of no checkpoints; %s"
              + " checkpoints, duration p50 %s ms, p99 %s ms)%n", interval, Bench.rate(rate), 100 * rate / base,
          r.get("checkpoints"), r.get("checkpoint_p50_ms"), r.get("checkpoint_p99_ms"));
    }

    long sourceRate = 1_000_000;
    long sinkRate = sourceRate / 10;
    long throttledEvents = sinkRate * 20;
    Map<String, String> slow = Bench.local(List.of("-Xmx256m"), "--workers", "1", "--slots", "2", "-p", "1",
        "--checkpoint-interval", "1s", "keyed-count", "--events", Long.toString(throttledEvents), "--keys",
        Long.toString(keys), "--rate", Long.toString(sourceRate), "--sink-rate", Long.toString(sinkRate));
    System.out.printf("%n(e) source at %,d/s, sink throttled to %,d/s (10%%), %,d events, JVM with -Xmx256m:%n", sourceRate,
        sinkRate, throttledEvents);
    System.out.printf("    ran at %s (the sink's pace); peak heap after GC %s MiB%n",
        Bench.rate(Double.parseDouble(slow.get("events_per_s"))), slow.get("peak_heap_after_gc_mb"));
  }

  /** Runs {@code local} three times and keeps the run with the median throughput (this machine is noisy). */
  static Map<String, String> median(List<String> jvm, String... args) throws Exception {
    java.util.List<Map<String, String>> runs = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(Bench.local(jvm, args));
    }
    return medianRun(runs);
  }

  static Map<String, String> medianRun(List<Map<String, String>> runs) {
    List<Map<String, String>> sorted = new java.util.ArrayList<>(runs);
    sorted.sort(java.util.Comparator.comparingDouble(r -> Double.parseDouble(r.get("events_per_s"))));
    return sorted.get(sorted.size() / 2);
  }

  /** The loop in a JVM started like the local runs' (same heap, same collector). */
  static double loopInItsOwnJvm(List<String> jvm, long events, long keys) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("java"));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-cp", Bench.jar().toString(), KeyedCountBenchmark.class.getName(), "--loop-only", "--events",
        Long.toString(events), "--keys", Long.toString(keys)));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("the loop failed: " + out);
    }
    return Double.parseDouble(out);
  }

  /** The reference: the same counting, over the same keys in the same order, in a plain loop; the median of three runs. */
  static double plainLoop(long events, long keys) {
    double[] rates = new double[3];
    for (int run = 0; run < 3; run++) {
      HashMap<Long, long[]> counts = new HashMap<>();
      long start = System.nanoTime();
      for (long n = 0; n < events; n++) {
        counts.computeIfAbsent(KeyedCount.key(n, keys), k -> new long[1])[0]++;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (counts.size() != keys) {
        throw new IllegalStateException("the loop counted " + counts.size() + " keys");
      }
      rates[run] = events / seconds;
    }
    java.util.Arrays.sort(rates);
    return rates[1];
  }

  /** Coordinator and two worker processes (one slot each): parallelism 2, so half the records cross processes. */
  static double twoProcessCluster(long events, long keys) throws Exception {
    try (Bench.ProcessCluster cluster = new Bench.ProcessCluster(new JsonObject(), List.of("-Xmx2g"))) {
      cluster.startWorker("w-1", 1);
      cluster.startWorker("w-2", 1);
      cluster.awaitWorkers(2);
      String id = cluster.submit("keyed-count", 2, new JsonObject().put("checkpoint", new JsonObject().put("interval", "0")),
          "--events", Long.toString(events), "--keys", Long.toString(keys));
      JsonObject done = cluster.awaitEnd(id);
      if (!done.getString("state").equals("FINISHED")) {
        throw new IllegalStateException("the cluster run ended " + done.getString("state") + "; logs in " + cluster.dir);
      }
      return done.getLong("recordsRead") * 1000.0 / Math.max(1, done.getLong("durationMs"));
    }
  }
}

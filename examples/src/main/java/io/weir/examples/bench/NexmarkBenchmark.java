package io.weir.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Nexmark on Weir: for each query, events/s and events/s per core (the process's CPU time over the
 * job's time, measured) in {@code local} mode with one worker, heap and RocksDB state, without
 * checkpoints and with exactly-once checkpoints every second, at parallelism 1 and 2. Arguments:
 * {@code [--events N (default 5000000)] [--queries q0,q5,...] [--backends heap,rocksdb] [--parallelism 1,2] [--runs R] [--intervals 0,1s]}:
 * with {@code --runs R} (default 1) each cell is the run of median throughput among R (the machine
 * is shared, and a single run can be slowed by whatever else runs); {@code --intervals 1s} runs only the
 * checkpointed column (the other shows "-").
 * Flink 1.20's DataStream figures on this machine (parallelism 1, heap, checkpoints every 1 s,
 * 5 M events) are printed beside them.
 */
public final class NexmarkBenchmark {
  private static final Map<String, Double> FLINK = Map.of("q0", 2.75e6, "q1", 2.50e6, "q2", 2.81e6, "q3", 2.32e6,
      "q5", 0.59e6, "q7", 1.10e6, "q8", 1.81e6, "q11", 1.01e6);

  private NexmarkBenchmark() {
  }

  private static String arg(String[] args, String name, String defaultValue) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return defaultValue;
  }

  public static void main(String[] args) throws Exception {
    long events = Long.parseLong(arg(args, "--events", "5000000"));
    List<String> queries = List.of(arg(args, "--queries", "q0,q1,q2,q3,q4,q5,q7,q8,q11").split(","));
    List<String> backends = List.of(arg(args, "--backends", "heap,rocksdb").split(","));
    List<String> parallelisms = List.of(arg(args, "--parallelism", "1,2").split(","));
    int runs = Integer.parseInt(arg(args, "--runs", "1"));
    List<String> intervals = List.of(arg(args, "--intervals", "0,1s").split(","));
    for (String interval : intervals) {
      if (!interval.equals("0") && !interval.equals("1s")) {
        throw new IllegalArgumentException("--intervals takes 0 (no checkpoints) and/or 1s, got '" + interval + "'");
      }
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
    }
    List<String> jvm = List.of("-Xmx4g", "-XX:+UseG1GC");
    System.out.printf("Nexmark, %,d events, local mode with one worker; events/s (events/s per core)%n", events);
    System.out.println("events/s: events over the job's time only (from every task running to the job finished), not the"
        + " cluster's or the JVM's start-up; results discarded without being formatted as text");
    System.out.println("per core: events over the CPU time of the whole process from submission to the end seen;"
        + " load: the machine's 1-minute load average after the run (other processes share the cores)");
    System.out.printf("%-5s %-8s %-3s %36s %36s %14s%n", "query", "state", "p", "no checkpoints", "exactly-once every 1s",
        "Flink (p1 heap)");
    for (String q : queries) {
      for (String backend : backends) {
        for (String p : parallelisms) {
          List<String> cells = new ArrayList<>();
          for (String interval : List.of("0", "1s")) {
            if (!intervals.contains(interval)) {
              cells.add("-");
              continue;
            }
            List<Map<String, String>> tries = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
              tries.add(Bench.local(jvm, "--workers", "1", "--slots", p, "-p", p, "--checkpoint-interval", interval,
                  "--mode", "exactly-once", "--state-backend", backend, "nexmark", "--query", q, "--events",
                  Long.toString(events)));
            }
            tries.sort(java.util.Comparator.comparingLong(t -> Long.parseLong(t.get("millis"))));
            Map<String, String> r = tries.get(tries.size() / 2);
            double seconds = Long.parseLong(r.get("millis")) / 1000.0;
            double cores = Long.parseLong(r.get("cpu_ms")) / 1000.0 / Math.max(seconds, 1e-3);
            double perSecond = events / Math.max(seconds, 1e-3);
            cells.add(String.format("%s (%s, %.1f cores, load %.1f)", Bench.rate(perSecond),
                Bench.rate(perSecond / Math.max(cores, 1e-3)), cores,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
          }
          Double flink = FLINK.get(q);
          System.out.printf("%-5s %-8s %-3s %36s %36s %14s%n", q, backend, p, cells.get(0), cells.get(1),
              flink == null ? "-" : Bench.rate(flink));
        }
      }
    }
  }
}

package io.weir.rest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.cluster.Execution;
import io.weir.cluster.JobMaster;
import io.weir.runtime.JobId;
import io.weir.runtime.graph.TaskVertex;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * What the dashboard plots: every job's records read and written per second, sampled about once a
 * second, for the last {@link #KEPT} samples; and per task vertex the latest records per second and
 * the share of its subtasks that are backpressured. Counts fall when attempts are replaced after a
 * failure; such a fall is a rate of zero, never a negative one. Used on the coordinator's context.
 */
final class ThroughputHistory {
  static final int KEPT = 600;

  /** One point of a job's throughput. */
  record Sample(long at, double readPerSecond, double writtenPerSecond) {
  }

  /** A task vertex's latest rate and backpressure. */
  record VertexLoad(double recordsPerSecond, double backpressure) {
  }

  private static final class JobSeries {
    final Deque<Sample> samples = new ArrayDeque<>();
    final Map<Integer, Long> vertexIn = new HashMap<>();
    final Map<Integer, VertexLoad> load = new HashMap<>();
    long lastAt;
    long lastRead;
    long lastWritten;
  }

  private final Map<JobId, JobSeries> series = new HashMap<>();

  /** Takes a sample of {@code job} at {@code now} (ms); a finished job keeps its history without new samples. */
  void sample(JobMaster job, long now) {
    JobSeries s = series.computeIfAbsent(job.id(), id -> new JobSeries());
    if (job.status().terminal() && !s.samples.isEmpty()) {
      return;
    }
    long read = job.recordsRead();
    long written = job.recordsWritten();
    Map<Integer, Long> in = new HashMap<>();
    Map<Integer, int[]> pressured = new HashMap<>();
    for (Execution e : job.executions()) {
      int vertex = e.attempt().task().vertex();
      in.merge(vertex, e.recordsIn(), Long::sum);
      int[] counts = pressured.computeIfAbsent(vertex, v -> new int[2]);
      counts[0] += e.backpressured() ? 1 : 0;
      counts[1]++;
    }
    if (s.lastAt > 0 && now > s.lastAt) {
      double seconds = (now - s.lastAt) / 1000.0;
      s.samples.addLast(new Sample(now, rate(read, s.lastRead, seconds), rate(written, s.lastWritten, seconds)));
      while (s.samples.size() > KEPT) {
        s.samples.removeFirst();
      }
      for (TaskVertex tv : job.graph().tasks()) {
        int[] p = pressured.getOrDefault(tv.id(), new int[2]);
        s.load.put(tv.id(), new VertexLoad(rate(in.getOrDefault(tv.id(), 0L), s.vertexIn.getOrDefault(tv.id(), 0L), seconds),
            p[1] == 0 ? 0 : (double) p[0] / p[1]));
      }
    }
    s.lastAt = now;
    s.lastRead = read;
    s.lastWritten = written;
    s.vertexIn.clear();
    s.vertexIn.putAll(in);
  }

  private static double rate(long now, long before, double seconds) {
    return now < before ? 0 : (now - before) / seconds;
  }

  VertexLoad load(JobId job, int taskVertex) {
    JobSeries s = series.get(job);
    VertexLoad l = s == null ? null : s.load.get(taskVertex);
    return l == null ? new VertexLoad(0, 0) : l;
  }

  JsonObject toJson(JobId job) {
    JsonArray points = new JsonArray();
    JobSeries s = series.get(job);
    if (s != null) {
      for (Sample p : s.samples) {
        points.add(new JsonObject().put("at", p.at()).put("read", round(p.readPerSecond()))
            .put("written", round(p.writtenPerSecond())));
      }
    }
    return new JsonObject().put("samples", points);
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}

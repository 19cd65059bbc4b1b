package io.weir.checkpoint;

import io.weir.config.CheckpointMode;
import io.weir.config.Settings;
import io.weir.connector.Sink;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.Vertex;
import java.util.List;

/**
 * Whether a job may restore a state older than its newest completed checkpoint. That is safe only
 * where it cannot repeat committed output: the job runs at-least-once, or none of its sinks is
 * transactional (exactly-once without being idempotent), or it was submitted with
 * {@code --allow-fallback} ({@code checkpoint.allow-fallback}), which accepts duplicates.
 */
final class RestorePolicy {
  private final CheckpointMode mode;
  private final boolean allowFallback;
  private final List<String> transactionalSinks;

  RestorePolicy(CheckpointMode mode, boolean allowFallback, List<String> transactionalSinks) {
    this.mode = mode;
    this.allowFallback = allowFallback;
    this.transactionalSinks = List.copyOf(transactionalSinks);
  }

  static RestorePolicy of(JobGraph graph, Settings.Checkpoint settings) {
    List<String> transactional = graph.vertices().stream()
        .filter(v -> v.kind() == Vertex.Kind.SINK && isTransactional(v.sink()))
        .map(Vertex::name).toList();
    return new RestorePolicy(settings.mode(), settings.allowFallback(), transactional);
  }

  /** A sink whose guarantee is unknown (a graph built without its sink objects) counts as transactional. */
  private static boolean isTransactional(Sink<?> sink) {
    return sink == null || (sink.guarantee() == Sink.Guarantee.EXACTLY_ONCE && !sink.idempotent());
  }

  /** Why falling back is allowed, in operator words; null when it is not. */
  String whyFallbackIsSafe() {
    if (mode == CheckpointMode.AT_LEAST_ONCE) {
      return "the job runs at-least-once";
    }
    if (transactionalSinks.isEmpty()) {
      return "no sink of the job is transactional";
    }
    if (allowFallback) {
      return "the job was submitted with --allow-fallback, so output committed since may be repeated";
    }
    return null;
  }

  /** The refusal: names the checkpoint, why it is unusable, the sink whose output would repeat, and the ways out. */
  UnsafeFallbackException refusal(String job, CheckpointId checkpointId, String unusableBecause) {
    String sinks = transactionalSinks.size() == 1 ? "the transactional sink '" + transactionalSinks.get(0) + "'"
        : "the transactional sinks '" + String.join("', '", transactionalSinks) + "'";
    return new UnsafeFallbackException(checkpointId, "checkpoint " + checkpointId + " of job " + job + " is unusable: "
        + unusableBecause + "; restoring an older checkpoint would repeat output that " + sinks
        + " already committed. Resume from a savepoint, or resubmit with --allow-fallback to accept duplicates");
  }
}

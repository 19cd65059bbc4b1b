package io.weir.security;

import io.weir.config.ConfigException;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobSpec;
import io.weir.runtime.graph.Vertex;
import java.nio.file.Path;
import java.util.List;

/**
 * What the coordinator checks of a submission before it runs anything: the parallelism is between 1
 * and the job's max-parallelism, the job's settings leave the {@code security} section alone, and
 * every directory the job writes (its sinks' outputs, its checkpoints) and the savepoint it starts
 * from lie under {@code security.allowed-paths}.
 */
public final class SubmissionPolicy {
  private SubmissionPolicy() {
  }

  /** Throws a {@link ConfigException} naming what is refused; {@code fromSavepoint} may be null. */
  public static void check(WeirConfig cluster, JobSpec spec, JobSpec.Built built, String fromSavepoint) {
    int max = built.config().maxParallelism();
    if (spec.parallelism() < 0 || spec.parallelism() > max) {
      throw new ConfigException("parallelism must be between 1 and max-parallelism (" + max + "), got "
          + spec.parallelism());
    }
    if (!built.config().security().equals(cluster.security())) {
      throw new ConfigException("a job cannot change the 'security' settings; they are the coordinator's");
    }
    AllowedPaths allowed = new AllowedPaths(cluster.security().allowedPaths());
    for (Vertex v : built.graph().vertices()) {
      if (v.kind() == Vertex.Kind.SINK) {
        for (Path p : v.sink().outputPaths()) {
          allowed.require(p, "sink '" + v.name() + "' writes to");
        }
      }
    }
    var checkpoint = built.config().checkpoint();
    if (checkpoint.storage().equals("directory")) {
      allowed.require(Path.of(checkpoint.dir()), "the checkpoint directory (checkpoint.dir) is");
    }
    if (fromSavepoint != null) {
      allowed.require(Path.of(fromSavepoint), "the savepoint to start from is");
    }
  }

  /** Refuses a savepoint directory outside the allowed paths. */
  public static void checkSavepointDir(WeirConfig cluster, String dir) {
    new AllowedPaths(cluster.security().allowedPaths()).require(Path.of(dir), "the savepoint directory is");
  }
}

package io.weir.api;

import java.util.Optional;

/**
 * A streaming job: a named class on every node's classpath that builds its dataflow from its
 * arguments. Weir never ships code: the coordinator sends the job's name and arguments, and every
 * task builds the same graph and takes its own part. Register jobs in
 * {@code META-INF/services/io.weir.api.Job} so they can be run by name.
 */
public interface Job {

  /** The name users type, such as {@code word-count}. */
  String name();

  /** One line for {@code --help} and for unknown-job errors. */
  default String usage() {
    return name();
  }

  /** Builds the dataflow; throws {@link JobArgumentException} (through {@link JobArgs}) for bad arguments. */
  void build(Pipeline pipeline, JobArgs args);

  /** A check of a finished run's output, when the job's output can be checked. */
  default Optional<OutputCheck> outputCheck(JobArgs args) {
    return Optional.empty();
  }

  /** Checks what a finished run wrote. */
  @FunctionalInterface
  interface OutputCheck {
    Verdict check() throws Exception;
  }

  /** Whether the output was right, and a summary a person can read. */
  record Verdict(boolean ok, String summary) {
  }
}

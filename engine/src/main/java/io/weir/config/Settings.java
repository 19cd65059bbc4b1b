package io.weir.config;

import java.time.Duration;

/** The typed settings, one record per section of weir.json. */
public final class Settings {
  private Settings() {
  }

  /** Checkpointing; an interval of zero turns periodic checkpoints off. */
  public record Checkpoint(Duration interval, CheckpointMode mode, Duration timeout, Duration minPause,
                           int maxConcurrent, int tolerableFailures, int retained, String storage, String dir,
                           CheckpointCopy copy, boolean allowFallback) {
    /** Without a second copy, and no fallback that could repeat committed output. */
    public Checkpoint(Duration interval, CheckpointMode mode, Duration timeout, Duration minPause, int maxConcurrent,
                      int tolerableFailures, int retained, String storage, String dir) {
      this(interval, mode, timeout, minPause, maxConcurrent, tolerableFailures, retained, storage, dir,
          CheckpointCopy.NONE, false);
    }

    public boolean periodic() {
      return !interval.isZero();
    }
  }

  /**
   * A second copy of every checkpoint ({@code checkpoint.copy}): storage {@code none}, {@code directory}
   * (in {@code dir}, ideally on another disk) or {@code imap}.
   */
  public record CheckpointCopy(String storage, String dir) {
    public static final CheckpointCopy NONE = new CheckpointCopy("none", "");

    public boolean enabled() {
      return !storage.equals("none");
    }
  }

  /** The restart strategy and its parameters (each strategy reads the ones it needs). */
  public record Restart(String strategy, int attempts, Duration delay, Duration initialDelay, Duration maxDelay,
                        double multiplier, Duration resetAfter, int maxFailures, Duration failureInterval) {
  }

  public record Heartbeat(Duration interval, Duration timeout) {
  }

  public record Network(int batchSize, Duration flushInterval, int credits) {
  }

  public record RocksDb(long blockCache, long writeBuffer, int maxWriteBuffers, String compression, int backgroundJobs) {
  }

  public record State(String backend, boolean incremental, String localDir, RocksDb rocksdb) {
  }

  /** How long a job may wait for free slots before it fails (Flink's slot request timeout). */
  public record Scheduling(Duration slotTimeout) {
  }

  /**
   * The coordinator's guards: the roots under which sinks may write and checkpoints and savepoints
   * may live (empty: anywhere), and whether {@code /metrics} answers without the REST token.
   */
  public record Security(java.util.List<String> allowedPaths, boolean metricsOpen) {
  }
}

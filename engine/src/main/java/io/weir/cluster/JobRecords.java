package io.weir.cluster;

import io.vertx.core.Future;
import io.weir.cluster.ha.CheckpointPointer;
import io.weir.cluster.ha.JobStore;
import io.weir.cluster.ha.StaleEpochException;
import io.weir.cluster.ha.StoredJob;
import io.weir.runtime.JobId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leader's writes to the {@link JobStore}, under its epoch: off the coordinator's context (the
 * store's calls block) and one after another, so that a job's status and checkpoint writes reach
 * the store in the order they happened. A write refused for a newer epoch tells {@code deposed}
 * the epoch that refused it (the leader stops acting at once).
 */
public final class JobRecords implements JobJournal {
  private static final Logger log = LoggerFactory.getLogger(JobRecords.class);

  private final JobStore store;
  private final long epoch;
  private final CoordinatorContext ctx;
  private final BooleanSupplier mayAct;
  private final LongConsumer deposed;
  private Future<?> last = Future.succeededFuture();

  /** {@code mayAct} is asked before each write: a leader past its lease writes nothing. */
  public JobRecords(JobStore store, long epoch, CoordinatorContext ctx, BooleanSupplier mayAct, LongConsumer deposed) {
    this.store = store;
    this.epoch = epoch;
    this.ctx = ctx;
    this.mayAct = mayAct;
    this.deposed = deposed;
  }

  public long epoch() {
    return epoch;
  }

  /** Stores a job just submitted. */
  public Future<Void> created(StoredJob job) {
    return write("storing job " + job.id(), () -> {
      store.create(epoch, job);
      return null;
    });
  }

  @Override
  public void status(JobId job, JobStatus status) {
    write("storing job " + job + " as " + status, () -> {
      store.updateStatus(epoch, job, status);
      return null;
    });
  }

  @Override
  public Future<Void> checkpointCompleted(JobId job, CheckpointPointer pointer) {
    return write("storing checkpoint " + pointer.checkpointId() + " of job " + job, () -> {
      store.completeCheckpoint(epoch, job, pointer);
      return null;
    });
  }

  /** Raises every stored job to this epoch and returns those that have not ended. */
  public Future<List<StoredJob>> takeOver() {
    return write("loading the stored jobs", () -> store.takeOver(epoch));
  }

  /** {@link #takeOver()} of the jobs this coordinator knew were stored ({@link JobStore#knownJobs}). */
  public Future<List<StoredJob>> takeOverKnown() {
    return write("loading the stored jobs it knew of", () -> store.takeOver(epoch, store.knownJobs()));
  }

  private <T> Future<T> write(String what, Callable<T> work) {
    Future<T> next = last.transform(previous -> ctx.executeBlocking(() -> {
      if (!mayAct.getAsBoolean()) {
        throw new IllegalStateException("this coordinator no longer leads (epoch " + epoch + ")");
      }
      return work.call();
    }));
    last = next;
    return next.onFailure(e -> {
      if (e instanceof StaleEpochException stale) {
        log.warn("{} refused: a newer leader (epoch {}) has taken over from epoch {}", what, stale.highest(), epoch);
        deposed.accept(stale.highest());
      } else {
        log.warn("{} failed: {}", what, e.getMessage());
      }
    });
  }
}

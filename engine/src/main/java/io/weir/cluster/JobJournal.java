package io.weir.cluster;

import io.vertx.core.Future;
import io.weir.cluster.ha.CheckpointPointer;
import io.weir.runtime.JobId;

/**
 * What a job master tells the job store about its job: each change of status, and each completed
 * checkpoint, whose commit the sinks are told of only once it is stored. {@link #NONE} stores nothing
 * (a job master on its own, in unit tests).
 */
public interface JobJournal {
  JobJournal NONE = new JobJournal() {
    @Override
    public void status(JobId job, JobStatus status) {
    }

    @Override
    public Future<Void> checkpointCompleted(JobId job, CheckpointPointer pointer) {
      return Future.succeededFuture();
    }
  };

  /** Records the job's new status (in order with the job's other writes; failures are logged). */
  void status(JobId job, JobStatus status);

  /** Records the job's latest completed checkpoint; fails when the store refused it (this leader was deposed). */
  Future<Void> checkpointCompleted(JobId job, CheckpointPointer pointer);
}

package io.weir.cluster.protocol;

/** What a task attempt tells its job's leader; reports of attempts that are no longer current are dropped. */
public sealed interface TaskReport permits TaskRunning, TaskFirstRecord, TaskProgress, TaskInputEnded, TaskFinished,
    TaskFailed, AcknowledgeCheckpoint, DeclineCheckpoint {
  TaskAttempt attempt();
}

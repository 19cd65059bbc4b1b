package io.weir.cluster.protocol;

import java.util.List;

/** A worker's answer: it is alive, and these are the task attempts it runs. {@code known} is false when the leader does not know this incarnation. */
public record HeartbeatReply(String name, String incarnation, long sequence, List<TaskAttempt> tasks) {
}

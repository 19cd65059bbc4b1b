package io.weir.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnhandledExceptionsTest {

  @Test
  void vertxsDoubleCompletionOfAFailedClusteredWriteIsRecognisedThoughWeirsSendIsBelowIt() {
    IllegalStateException e = new IllegalStateException("Promise already completed");
    e.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("io.vertx.core.Promise", "fail", "Promise.java", 104),
        new StackTraceElement("io.vertx.core.eventbus.impl.clustered.OutboundConnection", "writeMessage",
            "OutboundConnection.java", 86),
        new StackTraceElement("io.weir.verticles.EventBusGateway", "sendToTask", "EventBusGateway.java", 42),
        new StackTraceElement("io.weir.checkpoint.CheckpointCoordinator", "fail", "CheckpointCoordinator.java", 308)});

    assertThat(UnhandledExceptions.isLostWriteToDepartedMember(e)).isTrue();
  }

  @Test
  void theSameDoubleCompletionRunOnATasksWorkerContextIsRecognised() {
    IllegalStateException e = new IllegalStateException("Promise already completed");
    e.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("io.vertx.core.Promise", "fail", "Promise.java", 104),
        new StackTraceElement("io.vertx.core.Promise", "complete", "Promise.java", 63),
        new StackTraceElement("io.vertx.core.impl.future.FutureBase", "lambda$emitResult$0", "FutureBase.java", 59),
        new StackTraceElement("io.vertx.core.impl.WorkerExecutor$1", "execute", "WorkerExecutor.java", 68),
        new StackTraceElement("java.lang.Thread", "run", "Thread.java", 840)});

    assertThat(UnhandledExceptions.isLostWriteToDepartedMember(e)).isTrue();
  }

  @Test
  void theSameDoubleCompletionWhenAQueuedWriteIsDrainedAfterTheChannelClosedIsRecognised() {
    IllegalStateException e = new IllegalStateException("Promise already completed");
    e.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("io.vertx.core.Promise", "fail", "Promise.java", 104),
        new StackTraceElement("io.vertx.core.net.impl.DelegatingChannelPromise", "tryFailure",
            "DelegatingChannelPromise.java", 130),
        new StackTraceElement("io.netty.channel.AbstractChannel$AbstractUnsafe", "safeSetFailure", "AbstractChannel.java",
            870)});

    assertThat(UnhandledExceptions.isLostWriteToDepartedMember(e)).isTrue();
  }

  @Test
  void aDoubleCompletionInWeirsOwnCodeIsNotExcused() {
    IllegalStateException e = new IllegalStateException("Promise already completed");
    e.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("io.vertx.core.Promise", "complete", "Promise.java", 63),
        new StackTraceElement("io.vertx.core.impl.future.FutureBase", "lambda$emitResult$0", "FutureBase.java", 59),
        new StackTraceElement("io.weir.checkpoint.CheckpointCoordinator", "complete", "CheckpointCoordinator.java", 293)});

    assertThat(UnhandledExceptions.isLostWriteToDepartedMember(e)).isFalse();
    assertThat(UnhandledExceptions.isLostWriteToDepartedMember(new IllegalStateException("other"))).isFalse();
  }
}

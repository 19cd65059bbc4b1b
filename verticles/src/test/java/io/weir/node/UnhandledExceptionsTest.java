package io.weir.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnhandledExceptionsTest {

  @Test
  void vertxsDoubleCompletionOfAFailedClusteredWriteIsRecognised() {
    IllegalStateException e = new IllegalStateException("Promise already completed");
    e.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("io.vertx.core.Promise", "fail", "Promise.java", 104),
        new StackTraceElement("io.vertx.core.eventbus.impl.clustered.OutboundConnection", "writeMessage",
            "OutboundConnection.java", 86)});

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
        new StackTraceElement("io.weir.checkpoint.CheckpointCoordinator", "complete", "CheckpointCoordinator.java", 293)});

    assertThat(UnhandledExceptions.isLostWriteToDepartedMember(e)).isFalse();
    assertThat(UnhandledExceptions.isLostWriteToDepartedMember(new IllegalStateException("other"))).isFalse();
  }
}

package io.weir.connector.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.weir.connector.SourceContext;
import io.weir.connector.SourceOutput;
import io.weir.connector.SourceReader;
import io.weir.connector.SourceSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event-bus source's promise to a sender: answered only after the checkpoint, deduplicated by message id. */
class EventBusSourceTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> emitted = new ArrayList<>();
  private final SourceOutput<String> output = new SourceOutput<>() {
    @Override
    public void emit(String record) {
      emitted.add(record);
    }

    @Override
    public boolean wantsMore() {
      return true;
    }
  };

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private SourceReader<String> reader(List<SourceSplit> splits) throws Exception {
    EventBusSource<String> source = EventBusSource.of("orders", body -> {
      if (!(body instanceof String s)) {
        throw new IllegalArgumentException("the body must be a string, got " + body);
      }
      return s;
    });
    SourceReader<String> reader = source.createReader(new SourceContext() {
      @Override
      public int subtaskIndex() {
        return 0;
      }

      @Override
      public int parallelism() {
        return 1;
      }

      @Override
      public long currentTimeMillis() {
        return System.currentTimeMillis();
      }

      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public Vertx vertx() {
        return vertx;
      }
    });
    reader.addSplits(splits == null ? source.splits() : splits);
    return reader;
  }

  private Future<Message<Object>> send(String id, Object body) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(10_000);
    if (id != null) {
      options.addHeader(EventBusSource.MESSAGE_ID, id);
    }
    return vertx.eventBus().request("orders", body, options);
  }

  /** Polls until {@code condition} holds, within 10 s (messages arrive on the event loop). */
  private void pollUntil(SourceReader<String> reader, java.util.function.BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      reader.poll(output);
      Thread.sleep(2);
    }
  }

  private static JsonObject reply(Future<Message<Object>> f) throws Exception {
    return (JsonObject) f.await(10, TimeUnit.SECONDS).body();
  }

  @Test
  void aMessageIsAnsweredOnlyOnceTheCheckpointHoldingItCompletes() throws Exception {
    SourceReader<String> reader = reader(null);
    Future<Message<Object>> first = send("m-1", "apple");
    pollUntil(reader, () -> emitted.size() == 1, "m-1 emitted");
    reader.snapshot(1);
    Future<Message<Object>> second = send("m-2", "pear");
    pollUntil(reader, () -> emitted.size() == 2, "m-2 emitted");
    assertThat(first.isComplete()).as("answered before its checkpoint completed").isFalse();

    reader.checkpointComplete(1);
    assertThat(reply(first).getLong("checkpoint")).isEqualTo(1L);
    assertThat(second.isComplete()).as("m-2 came after checkpoint 1's snapshot").isFalse();
    reader.snapshot(2);
    reader.checkpointComplete(2);
    assertThat(reply(second).getString("messageId")).isEqualTo("m-2");
    assertThat(emitted).containsExactly("apple", "pear");
    reader.close();
  }

  @Test
  void aSenderThatRetriesGetsItsMessageProcessedOnceAcrossARestart() throws Exception {
    SourceReader<String> reader = reader(null);
    Future<Message<Object>> a = send("a", "A");
    pollUntil(reader, () -> emitted.size() == 1, "a emitted");
    List<SourceSplit> checkpoint1 = reader.snapshot(1);
    reader.checkpointComplete(1);
    reply(a);
    Future<Message<Object>> b = send("b", "B");
    pollUntil(reader, () -> emitted.size() == 2, "b emitted");
    reader.close(); // the attempt fails before the checkpoint holding b completes: b is not answered
    assertThat(b.isComplete()).isFalse();

    emitted.clear();
    SourceReader<String> restored = reader(checkpoint1);
    Future<Message<Object>> aAgain = send("a", "A"); // its reply was lost: the sender sends it again
    Future<Message<Object>> bAgain = send("b", "B");
    Future<Message<Object>> bOnceMore = send("b", "B");
    pollUntil(restored, () -> emitted.size() == 1 && aAgain.isComplete(), "b emitted again, a answered as a duplicate");
    assertThat(reply(aAgain).getBoolean("duplicate")).isTrue();
    restored.snapshot(2);
    restored.checkpointComplete(2);
    // the third send may reach the reader only now: it is answered as soon as it is taken in
    pollUntil(restored, () -> bAgain.isComplete() && bOnceMore.isComplete(), "both sends of b answered");
    assertThat(reply(bAgain).getString("messageId")).isEqualTo("b");
    assertThat(reply(bOnceMore).getString("messageId")).isEqualTo("b");
    assertThat(emitted).as("a is not processed again; b once").containsExactly("B");
    restored.close();
  }

  @Test
  void aMessageWithoutAnIdOrWithABodyTheJobCannotReadIsRefusedWithTheReason() throws Exception {
    SourceReader<String> reader = reader(null);
    Future<Message<Object>> noId = send(null, "x");
    Future<Message<Object>> badBody = send("m-9", 42);
    pollUntil(reader, () -> noId.isComplete() && badBody.isComplete(), "both refused");
    assertThat(noId.cause()).isInstanceOf(ReplyException.class).hasMessageContaining(EventBusSource.MESSAGE_ID);
    assertThat(((ReplyException) noId.cause()).failureCode()).isEqualTo(400);
    assertThat(badBody.cause()).hasMessageContaining("m-9").hasMessageContaining("must be a string");
    assertThat(emitted).isEmpty();
    reader.close();
  }
}

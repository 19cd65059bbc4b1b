package io.weir.connector.kafka;

import static io.weir.connector.kafka.KafkaTestSupport.readCommitted;
import static io.weir.connector.kafka.KafkaTestSupport.readValues;
import static io.weir.connector.kafka.KafkaTestSupport.readableOffsets;
import static io.weir.connector.kafka.KafkaTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.connector.SinkWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exactly-once Kafka sink against a real broker: two-phase commit, re-commit on restore, abort of lingering transactions. */
class ExactlyOnceKafkaSinkTest {
  @TempDir
  static Path dir;
  static KafkaTestBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaTestBroker.start(dir.resolve("kafka"));
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  private String topic;

  private String newTopic(int partitions) throws Exception {
    topic = uniqueTopic("out");
    broker.createTopic(topic, partitions);
    return topic;
  }

  private SinkWriter<String> writer(int subtask, int parallelism, int attempt) throws Exception {
    return KafkaSink.exactlyOnce(broker.bootstrapServers(), topic, KafkaRecordSerializer.<String>ofStrings(v -> v, v -> v))
        .transactionalIdPrefix("test-" + topic)
        .createWriter(new KafkaTestSupport.SinkCtx(subtask, parallelism, attempt));
  }

  private static void writeAll(SinkWriter<String> w, String... values) throws Exception {
    for (String v : values) {
      w.write(v);
    }
  }

  @Test
  void aReadCommittedConsumerSeesNothingBeforeTheCheckpointCompletesAndEverythingAfter() throws Exception {
    newTopic(2);
    try (KafkaConsumer<String, String> consumer = readCommitted(broker, topic); SinkWriter<String> w = writer(0, 1, 0)) {
      writeAll(w, "a", "b", "c");
      w.snapshot(1);
      writeAll(w, "d");
      assertThat(readableOffsets(consumer)).as("the last stable offsets stop before the open transactions").isZero();

      w.checkpointComplete(1);
      assertThat(readValues(consumer, 3)).containsExactlyInAnyOrder("a", "b", "c");

      w.snapshot(2);
      w.checkpointComplete(2);
      assertThat(readValues(consumer, 1)).containsExactly("d");
    }
  }

  @Test
  void theNextAttemptCommitsTheTransactionsTheRestoredCheckpointPreCommitted() throws Exception {
    newTopic(1);
    SinkWriter<String> first = writer(0, 1, 0);
    writeAll(first, "a", "b");
    List<Object> state = first.snapshot(1);
    first.close(); // the attempt dies after the barrier, before the checkpoint's completion reached it

    try (KafkaConsumer<String, String> consumer = readCommitted(broker, topic); SinkWriter<String> second = writer(0, 1, 1)) {
      assertThat(readableOffsets(consumer)).isZero();
      second.restore(state);
      assertThat(readValues(consumer, 2)).containsExactly("a", "b");
    }
  }

  @Test
  void committingARestoredTransactionThatWasAlreadyCommittedWritesNothingTwice() throws Exception {
    newTopic(1);
    SinkWriter<String> first = writer(0, 1, 0);
    writeAll(first, "a");
    List<Object> state = first.snapshot(1);
    first.checkpointComplete(1);
    first.close();

    try (KafkaConsumer<String, String> consumer = readCommitted(broker, topic); SinkWriter<String> second = writer(0, 1, 1)) {
      second.restore(state);
      writeAll(second, "b");
      second.snapshot(2);
      second.checkpointComplete(2);
      assertThat(readValues(consumer, 2)).containsExactly("a", "b");
    }
  }

  @Test
  void aLingeringTransactionOfAKilledAttemptIsAbortedOnRestoreSoReadCommittedConsumersGoOn() throws Exception {
    newTopic(1);
    SinkWriter<String> first = writer(0, 1, 0);
    writeAll(first, "a");
    List<Object> state = first.snapshot(1);
    first.checkpointComplete(1);
    // the attempt goes on writing under its next transactional id and is killed: its transaction stays open
    TransactionalProducer killed = new TransactionalProducer(broker.bootstrapServers(), "test-" + topic + "-0-2", Map.of());
    killed.initTransactions();
    killed.beginTransaction();
    killed.send(new ProducerRecord<>(topic, KafkaTestSupport.utf8("lost"), KafkaTestSupport.utf8("lost")));
    killed.flush();

    try (KafkaConsumer<String, String> consumer = readCommitted(broker, topic); SinkWriter<String> second = writer(0, 1, 1)) {
      assertThat(readValues(consumer, 1)).containsExactly("a");
      second.restore(state);
      writeAll(second, "b");
      second.snapshot(2);
      second.checkpointComplete(2);
      assertThat(readValues(consumer, 1)).as("past the aborted transaction long before its 5 min timeout").containsExactly("b");
    } finally {
      killed.close(java.time.Duration.ZERO);
      first.close();
    }
  }

  @Test
  void aSubtaskRestoredAtALowerParallelismAbortsTheOpenTransactionsOfTheSubtasksItTookOver() throws Exception {
    newTopic(1);
    TransactionalProducer gone = new TransactionalProducer(broker.bootstrapServers(), "test-" + topic + "-3-1", Map.of());
    gone.initTransactions();
    gone.beginTransaction();
    gone.send(new ProducerRecord<>(topic, KafkaTestSupport.utf8("lost"), KafkaTestSupport.utf8("lost")));
    gone.flush();
    List<Object> states = List.of(new KafkaSinkState(3, 4, 0, List.of()));

    try (KafkaConsumer<String, String> consumer = readCommitted(broker, topic); SinkWriter<String> w = writer(1, 2, 1)) {
      w.restore(states);
      writeAll(w, "b");
      w.snapshot(1);
      w.checkpointComplete(1);
      assertThat(readValues(consumer, 1)).containsExactly("b");
    } finally {
      gone.close(java.time.Duration.ZERO);
    }
  }

  @Test
  void theAtLeastOnceSinkHasEveryRecordAcknowledgedWhenTheBarrierPasses() throws Exception {
    newTopic(1);
    SinkWriter<String> w = KafkaSink.atLeastOnce(broker.bootstrapServers(), topic, KafkaRecordSerializer.<String>ofStrings(null, v -> v))
        .createWriter(new KafkaTestSupport.SinkCtx(0, 1, 0));
    try (KafkaConsumer<String, String> consumer = readCommitted(broker, topic)) {
      writeAll(w, "a", "b");
      w.snapshot(1);
      assertThat(readableOffsets(consumer)).isEqualTo(2);
      assertThat(readValues(consumer, 2)).containsExactly("a", "b");
    } finally {
      w.close();
    }
  }
}

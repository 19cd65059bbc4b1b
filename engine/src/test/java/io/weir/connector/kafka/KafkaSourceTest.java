package io.weir.connector.kafka;

import static io.weir.connector.kafka.KafkaTestSupport.produce;
import static io.weir.connector.kafka.KafkaTestSupport.readCommitted;
import static io.weir.connector.kafka.KafkaTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.connector.SourceReader;
import io.weir.connector.SourceSplit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka source against a real broker: splits, checkpointed offsets, restore at another parallelism, bad records. */
class KafkaSourceTest {
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

  private static final KafkaRecordDeserializer<Integer> NUMBERS = r -> Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8));

  private static List<SourceSplit> mine(List<SourceSplit> all, int subtask, int parallelism) {
    return all.stream().filter(s -> Math.floorMod(s.index(), parallelism) == subtask).toList();
  }

  /** Polls until {@code count} records came (within 30 s). */
  private static <T> List<T> pollUntil(SourceReader<T> reader, int count) throws Exception {
    KafkaTestSupport.Collected<T> out = new KafkaTestSupport.Collected<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (out.records.size() < count && System.nanoTime() < deadline) {
      if (reader.poll(out) == SourceReader.Status.NOTHING_AVAILABLE) {
        Thread.sleep(5); // the reader's own retry delay
      }
    }
    assertThat(out.records).as("records read").hasSize(count);
    return out.records;
  }

  private static String[] numbers(int from, int to) {
    return IntStream.range(from, to).mapToObj(Integer::toString).toArray(String[]::new);
  }

  @Test
  void everyPartitionIsASplitAndARestoreAtAnotherParallelismGoesOnFromTheCheckpointedOffsets() throws Exception {
    String topic = uniqueTopic("in");
    broker.createTopic(topic, 3);
    for (int p = 0; p < 3; p++) {
      produce(broker, topic, p, numbers(p * 100, p * 100 + 100));
    }
    KafkaSource<Integer> source = KafkaSource.topics(broker.bootstrapServers(), List.of(topic), NUMBERS);
    List<SourceSplit> splits = source.splits();
    assertThat(splits).extracting(s -> ((KafkaPartitionSplit) s).partition()).containsExactly(0, 1, 2);

    List<Integer> read = new ArrayList<>();
    List<SourceSplit> checkpoint = new ArrayList<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      try (SourceReader<Integer> reader = source.createReader(new KafkaTestSupport.SourceCtx(subtask, 2))) {
        reader.addSplits(mine(splits, subtask, 2));
        int partitions = mine(splits, subtask, 2).size();
        read.addAll(pollUntil(reader, partitions * 100));
        checkpoint.addAll(reader.snapshot(1));
      }
    }
    for (int p = 0; p < 3; p++) {
      produce(broker, topic, p, numbers(1000 + p * 100, 1000 + p * 100 + 50));
    }
    try (SourceReader<Integer> reader = source.createReader(new KafkaTestSupport.SourceCtx(0, 1))) {
      reader.addSplits(mine(checkpoint, 0, 1));
      read.addAll(pollUntil(reader, 150));
    }
    List<Integer> expected = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      IntStream.range(p * 100, p * 100 + 100).forEach(expected::add);
      IntStream.range(1000 + p * 100, 1000 + p * 100 + 50).forEach(expected::add);
    }
    assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aBoundedSourceEndsAtTheOffsetsThePartitionsHadWhenItStarted() throws Exception {
    String topic = uniqueTopic("bounded");
    broker.createTopic(topic, 2);
    produce(broker, topic, 0, "1", "2", "3");
    KafkaSource<Integer> source = KafkaSource.topics(broker.bootstrapServers(), List.of(topic), NUMBERS).bounded();
    List<SourceSplit> splits = source.splits();
    produce(broker, topic, 0, "4"); // after the start: not read
    try (SourceReader<Integer> reader = source.createReader(new KafkaTestSupport.SourceCtx(0, 1))) {
      reader.addSplits(splits);
      KafkaTestSupport.Collected<Integer> out = new KafkaTestSupport.Collected<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      SourceReader.Status status = SourceReader.Status.MORE_AVAILABLE;
      while (status != SourceReader.Status.END_OF_INPUT && System.nanoTime() < deadline) {
        status = reader.poll(out);
      }
      assertThat(status).isEqualTo(SourceReader.Status.END_OF_INPUT);
      assertThat(out.records).containsExactly(1, 2, 3);
    }
  }

  @Test
  void aPatternReadsEveryMatchingTopicAndAnUnknownTopicIsNamed() throws Exception {
    String prefix = uniqueTopic("pattern");
    broker.createTopic(prefix + "-a", 1);
    broker.createTopic(prefix + "-b", 2);
    List<SourceSplit> splits = KafkaSource.topicPattern(broker.bootstrapServers(), Pattern.compile(Pattern.quote(prefix) + "-.*"),
        NUMBERS).splits();
    assertThat(splits).extracting(Object::toString).containsExactly(prefix + "-a-0@earliest", prefix + "-b-0@earliest",
        prefix + "-b-1@earliest");

    assertThatThrownBy(() -> KafkaSource.topics(broker.bootstrapServers(), List.of(prefix + "-missing"), NUMBERS).splits())
        .hasMessageContaining(prefix + "-missing").hasMessageContaining("do not all exist");
  }

  @Test
  void aRecordThatFailsToDeserializeFailsTheTaskNamingItsTopicPartitionAndOffset() throws Exception {
    String topic = uniqueTopic("bad");
    broker.createTopic(topic, 1);
    produce(broker, topic, 0, "1", "2", "not a number", "4");
    KafkaSource<Integer> source = KafkaSource.topics(broker.bootstrapServers(), List.of(topic), NUMBERS);
    try (SourceReader<Integer> reader = source.createReader(new KafkaTestSupport.SourceCtx(0, 1))) {
      reader.addSplits(source.splits());
      KafkaTestSupport.Collected<Integer> out = new KafkaTestSupport.Collected<>();
      assertThatThrownBy(() -> {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
          reader.poll(out);
        }
      }).isInstanceOf(KafkaRecordException.class)
          .hasMessageContaining("topic '" + topic + "' partition 0 offset 2").hasMessageContaining("not a number");
      assertThat(out.records).containsExactly(1, 2);
      assertThat(reader.snapshot()).extracting(s -> ((KafkaPartitionSplit) s).offset()).as("the bad record is not passed").containsExactly(2L);
    }
  }

  @Test
  void withADeadLetterTopicABadRecordGoesThereWithItsOriginAndTheRestIsRead() throws Exception {
    String topic = uniqueTopic("dlq-in");
    String dlq = uniqueTopic("dlq");
    broker.createTopic(topic, 1);
    broker.createTopic(dlq, 1);
    produce(broker, topic, 0, "1", "oops", "3");
    KafkaSource<Integer> source = KafkaSource.topics(broker.bootstrapServers(), List.of(topic), NUMBERS).deadLetterTopic(dlq);
    try (SourceReader<Integer> reader = source.createReader(new KafkaTestSupport.SourceCtx(0, 1))) {
      reader.addSplits(source.splits());
      assertThat(pollUntil(reader, 2)).containsExactly(1, 3);
      reader.snapshot(1); // flushes the dead letters
    }
    try (KafkaConsumer<String, String> c = readCommitted(broker, dlq)) {
      List<ConsumerRecord<String, String>> letters = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (letters.isEmpty() && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(letters::add);
      }
      assertThat(letters).hasSize(1);
      ConsumerRecord<String, String> letter = letters.get(0);
      assertThat(letter.value()).isEqualTo("oops");
      assertThat(new String(letter.headers().lastHeader("weir.topic").value(), StandardCharsets.UTF_8)).isEqualTo(topic);
      assertThat(new String(letter.headers().lastHeader("weir.offset").value(), StandardCharsets.UTF_8)).isEqualTo("1");
      assertThat(new String(letter.headers().lastHeader("weir.error").value(), StandardCharsets.UTF_8)).contains("oops");
    }
  }
}

package io.weir.connector.kafka;

import io.vertx.core.Vertx;
import io.weir.connector.SinkContext;
import io.weir.connector.SourceContext;
import io.weir.connector.SourceOutput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the Kafka connector tests share: fixed subtask contexts, a collecting output, and plain clients for a broker. */
final class KafkaTestSupport {
  private KafkaTestSupport() {
  }

  static String uniqueTopic(String what) {
    return what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  record SinkCtx(int subtaskIndex, int parallelism, int attemptNumber) implements SinkContext {
    @Override
    public String jobId() {
      return "kafka-test-job";
    }

    @Override
    public Vertx vertx() {
      return null;
    }

    @Override
    public void setWritable(boolean writable) {
    }
  }

  record SourceCtx(int subtaskIndex, int parallelism) implements SourceContext {
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
      return null;
    }
  }

  /** Collects what a reader emits. */
  static final class Collected<T> implements SourceOutput<T> {
    final List<T> records = new ArrayList<>();

    @Override
    public void emit(T record) {
      records.add(record);
    }

    @Override
    public boolean wantsMore() {
      return true;
    }
  }

  static void produce(KafkaTestBroker broker, String topic, Integer partition, String... values) {
    try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
      for (String v : values) {
        p.send(new ProducerRecord<>(topic, partition, null, v));
      }
      p.flush();
    }
  }

  static KafkaConsumer<String, String> readCommitted(KafkaTestBroker broker, String topic) {
    KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    c.assign(parts);
    c.seekToBeginning(parts);
    return c;
  }

  /** The last stable offset of each partition, summed: what a read_committed consumer can read, without waiting. */
  static long readableOffsets(KafkaConsumer<String, String> c) {
    return c.endOffsets(c.assignment()).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Reads with {@code c} until {@code count} values arrived (within 30 s), then for as long as more come at once. */
  static List<String> readValues(KafkaConsumer<String, String> c, int count) {
    List<String> values = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (values.size() < count && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
        values.add(r.value());
      }
    }
    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
      values.add(r.value());
    }
    return values;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

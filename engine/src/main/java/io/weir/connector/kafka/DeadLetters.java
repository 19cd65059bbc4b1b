package io.weir.connector.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topic of a Kafka source: a record that failed to deserialize is written there as
 * it was, with headers {@code weir.error}, {@code weir.topic}, {@code weir.partition} and
 * {@code weir.offset}. Letters are flushed before the checkpoint that moves past them is taken, so
 * none is lost (a restart may write one again: at least once).
 */
final class DeadLetters implements AutoCloseable {
  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private volatile Exception failure;

  DeadLetters(String bootstrapServers, String topic, Map<String, Object> properties) {
    this.topic = topic;
    Map<String, Object> config = new HashMap<>(properties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  void send(ConsumerRecord<byte[], byte[]> record, Exception error) throws Exception {
    rethrow();
    ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, record.key(), record.value());
    for (Header h : record.headers()) {
      letter.headers().add(h);
    }
    letter.headers().add("weir.error", String.valueOf(error).getBytes(StandardCharsets.UTF_8));
    letter.headers().add("weir.topic", record.topic().getBytes(StandardCharsets.UTF_8));
    letter.headers().add("weir.partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
    letter.headers().add("weir.offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
    producer.send(letter, (metadata, e) -> {
      if (e != null && failure == null) {
        failure = e;
      }
    });
  }

  /** Waits until every letter is written; fails if one could not be. */
  void flush() throws Exception {
    producer.flush();
    rethrow();
  }

  private void rethrow() throws Exception {
    if (failure != null) {
      throw new IllegalStateException("cannot write to the dead-letter topic '" + topic + "': " + failure, failure);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}

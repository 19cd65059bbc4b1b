package io.weir.connector.kafka;

import io.weir.connector.SinkWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * At least once: an idempotent producer whose sends are flushed on every checkpoint barrier, so a
 * completed checkpoint never covers a record Kafka has not acknowledged; after a restart the
 * records since that checkpoint are written again.
 */
final class AtLeastOnceKafkaWriter<T> implements SinkWriter<T> {
  private final String topic;
  private final KafkaRecordSerializer<T> serializer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final SendErrors errors;

  AtLeastOnceKafkaWriter(String bootstrapServers, String topic, KafkaRecordSerializer<T> serializer, Map<String, Object> properties) {
    this.topic = topic;
    this.serializer = serializer;
    Map<String, Object> config = new HashMap<>(properties);
    config.remove(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.errors = new SendErrors(topic);
  }

  @Override
  public void write(T record) {
    errors.rethrow();
    producer.send(serializer.serialize(record, topic), errors);
  }

  @Override
  public List<Object> snapshot(long checkpointId) {
    producer.flush();
    errors.rethrow();
    return List.of();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}

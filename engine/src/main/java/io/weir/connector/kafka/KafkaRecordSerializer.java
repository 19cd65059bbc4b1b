package io.weir.connector.kafka;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns a job's value into the record a Kafka sink writes to {@code topic}. The record's key
 * chooses the partition with the producer's partitioner (murmur2 of the key, like Kafka's own
 * clients), unless the serializer sets a partition itself.
 */
@FunctionalInterface
public interface KafkaRecordSerializer<T> {
  ProducerRecord<byte[], byte[]> serialize(T value, String topic);

  /** UTF-8 text for the key (null: no key, records spread over partitions) and for the value. */
  static <T> KafkaRecordSerializer<T> ofStrings(Function<T, String> key, Function<T, String> value) {
    return (v, topic) -> {
      String k = key == null ? null : key.apply(v);
      return new ProducerRecord<>(topic, k == null ? null : k.getBytes(StandardCharsets.UTF_8),
          value.apply(v).getBytes(StandardCharsets.UTF_8));
    };
  }

  /** As {@link #ofStrings}, with the partition chosen by {@code partition} (value, partition count) instead of by the key. */
  static <T> KafkaRecordSerializer<T> ofStrings(Function<T, String> key, Function<T, String> value, int partitions,
                                                java.util.function.ToIntBiFunction<T, Integer> partition) {
    return (v, topic) -> {
      String k = key == null ? null : key.apply(v);
      return new ProducerRecord<>(topic, partition.applyAsInt(v, partitions), k == null ? null : k.getBytes(StandardCharsets.UTF_8),
          value.apply(v).getBytes(StandardCharsets.UTF_8));
    };
  }
}

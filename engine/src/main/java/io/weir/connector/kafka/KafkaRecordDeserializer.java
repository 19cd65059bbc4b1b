package io.weir.connector.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a Kafka record into the value a job's source emits. It throws when the bytes are not what
 * it expects; the source then fails the task naming the record's topic, partition and offset, or
 * sends the record to its dead-letter topic. It must not return null.
 */
@FunctionalInterface
public interface KafkaRecordDeserializer<T> {
  T deserialize(ConsumerRecord<byte[], byte[]> record) throws Exception;

  /** The value as UTF-8 text (a record without a value is an error). */
  static KafkaRecordDeserializer<String> valueAsString() {
    return r -> {
      if (r.value() == null) {
        throw new IllegalArgumentException("the record has no value");
      }
      return new String(r.value(), StandardCharsets.UTF_8);
    };
  }
}

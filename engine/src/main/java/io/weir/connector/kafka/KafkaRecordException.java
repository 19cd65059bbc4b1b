package io.weir.connector.kafka;

/** A record the source could not read, with its place in Kafka. */
public final class KafkaRecordException extends Exception {
  public KafkaRecordException(String topic, int partition, long offset, Throwable cause) {
    super("cannot deserialize the record at topic '" + topic + "' partition " + partition + " offset " + offset + ": " + cause,
        cause);
  }
}

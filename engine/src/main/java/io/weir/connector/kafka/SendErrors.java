package io.weir.connector.kafka;

import org.apache.kafka.clients.producer.Callback;

/** The first failure of a producer's asynchronous sends, rethrown on the task's thread at the next write or flush. */
final class SendErrors implements Callback {
  private final String topic;
  private volatile Exception first;

  SendErrors(String topic) {
    this.topic = topic;
  }

  @Override
  public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
    if (e != null && first == null) {
      first = e;
    }
  }

  void rethrow() {
    Exception e = first;
    if (e != null) {
      throw new IllegalStateException("cannot write to Kafka topic '" + topic + "': " + e, e);
    }
  }
}

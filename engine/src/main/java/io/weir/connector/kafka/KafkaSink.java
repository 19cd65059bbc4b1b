package io.weir.connector.kafka;

import io.weir.connector.Sink;
import io.weir.connector.SinkContext;
import io.weir.connector.SinkWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Writes to a Kafka topic, exactly once with Kafka transactions (see {@link ExactlyOnceKafkaWriter})
 * or at least once (see {@link AtLeastOnceKafkaWriter}). Exactly-once needs checkpointing: records
 * become visible to {@code read_committed} consumers when the checkpoint after them completes.
 */
public final class KafkaSink<T> implements Sink<T> {
  /** The default transaction timeout: longer than any sane checkpoint, within the broker's default maximum (15 min). */
  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(5);

  private final String bootstrapServers;
  private final String topic;
  private final KafkaRecordSerializer<T> serializer;
  private final Guarantee guarantee;
  private final String transactionalIdPrefix;
  private final Map<String, Object> producerProperties;

  private KafkaSink(String bootstrapServers, String topic, KafkaRecordSerializer<T> serializer, Guarantee guarantee,
                    String transactionalIdPrefix, Map<String, Object> producerProperties) {
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.serializer = Objects.requireNonNull(serializer, "serializer");
    this.guarantee = guarantee;
    this.transactionalIdPrefix = transactionalIdPrefix;
    this.producerProperties = Map.copyOf(producerProperties);
  }

  /** An exactly-once sink to {@code topic}; its transactional ids start with "weir-JOBID-TOPIC" unless {@link #transactionalIdPrefix} says otherwise. */
  public static <T> KafkaSink<T> exactlyOnce(String bootstrapServers, String topic, KafkaRecordSerializer<T> serializer) {
    return new KafkaSink<>(bootstrapServers, topic, serializer, Guarantee.EXACTLY_ONCE, null,
        Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) DEFAULT_TRANSACTION_TIMEOUT.toMillis()));
  }

  public static <T> KafkaSink<T> atLeastOnce(String bootstrapServers, String topic, KafkaRecordSerializer<T> serializer) {
    return new KafkaSink<>(bootstrapServers, topic, serializer, Guarantee.AT_LEAST_ONCE, null, Map.of());
  }

  /**
   * The start of every transactional id this sink uses ({@code PREFIX-SUBTASK-N}). Keep it the same
   * for a job that is resubmitted (so lingering transactions of the earlier run are aborted) and
   * unique among all writers of the cluster.
   */
  public KafkaSink<T> transactionalIdPrefix(String prefix) {
    if (prefix == null || prefix.isBlank()) {
      throw new IllegalArgumentException("a transactional id prefix must not be blank");
    }
    return new KafkaSink<>(bootstrapServers, topic, serializer, guarantee, prefix, producerProperties);
  }

  /** Extra producer settings (security, batching, {@code transaction.timeout.ms}); the sink's own (ids, idempotence) win. */
  public KafkaSink<T> producerProperties(Map<String, Object> properties) {
    Map<String, Object> merged = new HashMap<>(producerProperties);
    merged.putAll(properties);
    return new KafkaSink<>(bootstrapServers, topic, serializer, guarantee, transactionalIdPrefix, merged);
  }

  @Override
  public SinkWriter<T> createWriter(SinkContext context) {
    if (guarantee == Guarantee.AT_LEAST_ONCE) {
      return new AtLeastOnceKafkaWriter<>(bootstrapServers, topic, serializer, producerProperties);
    }
    String prefix = transactionalIdPrefix != null ? transactionalIdPrefix : "weir-" + context.jobId() + "-" + topic;
    return new ExactlyOnceKafkaWriter<>(new TransactionNames(prefix), bootstrapServers, topic, serializer, producerProperties,
        context);
  }

  @Override
  public Guarantee guarantee() {
    return guarantee;
  }
}

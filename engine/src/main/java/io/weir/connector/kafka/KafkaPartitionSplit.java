package io.weir.connector.kafka;

import io.weir.connector.SourceSplit;
import org.apache.kafka.common.TopicPartition;

/**
 * One topic-partition of a {@link KafkaSource} and the offset of the next record to read, or
 * {@link #EARLIEST} / {@link #LATEST} before the reader has looked; a bounded source stops at
 * {@code stopOffset} ({@link #UNBOUNDED}: never). The index orders the splits (topics by name, then
 * partitions), which spreads them over the source's subtasks.
 */
public record KafkaPartitionSplit(int index, String topic, int partition, long offset, long stopOffset) implements SourceSplit {
  public static final long UNBOUNDED = Long.MAX_VALUE;
  /** Start at the partition's first retained record. */
  public static final long EARLIEST = -2;
  /** Start after the partition's last record at the time the reader first looks. */
  public static final long LATEST = -1;

  public TopicPartition topicPartition() {
    return new TopicPartition(topic, partition);
  }

  KafkaPartitionSplit at(long nextOffset) {
    return new KafkaPartitionSplit(index, topic, partition, nextOffset, stopOffset);
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + (offset == EARLIEST ? "earliest" : offset == LATEST ? "latest" : Long.toString(offset))
        + (stopOffset == UNBOUNDED ? "" : " until " + stopOffset);
  }
}

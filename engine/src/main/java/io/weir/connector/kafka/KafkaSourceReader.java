package io.weir.connector.kafka;

import io.weir.connector.SourceContext;
import io.weir.connector.SourceOutput;
import io.weir.connector.SourceReader;
import io.weir.connector.SourceSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one subtask's partitions with a consumer assigned to them (no consumer group: Weir spreads
 * the partitions). Each poll takes what the consumer has fetched without waiting, so checkpoint
 * barriers and credits are handled between polls; the offset after each emitted record is the
 * partition's position in the next snapshot.
 */
final class KafkaSourceReader<T> implements SourceReader<T> {
  private static final Logger log = LoggerFactory.getLogger(KafkaSourceReader.class);

  /**
   * Where one partition stands. Event time: per-partition watermarks and idleness belong here (the
   * time of the last record, so that a partition without records can be declared idle).
   */
  private static final class PartitionCursor {
    final KafkaPartitionSplit split;
    long nextOffset;
    long lastRecordMillis;
    boolean ended;

    PartitionCursor(KafkaPartitionSplit split, long nextOffset) {
      this.split = split;
      this.nextOffset = nextOffset;
    }
  }

  private final KafkaSource<T> source;
  private final SourceContext context;
  private final Map<TopicPartition, PartitionCursor> cursors = new LinkedHashMap<>();
  private final TreeMap<Long, Map<TopicPartition, OffsetAndMetadata>> offsetsByCheckpoint = new TreeMap<>();
  private KafkaConsumer<byte[], byte[]> consumer;
  private DeadLetters deadLetters;
  private Iterator<ConsumerRecord<byte[], byte[]>> fetched = Collections.emptyIterator();
  private ConsumerRecord<byte[], byte[]> current;

  KafkaSourceReader(KafkaSource<T> source, SourceContext context) {
    this.source = source;
    this.context = context;
  }

  @Override
  public void addSplits(List<SourceSplit> splits) {
    if (splits.isEmpty()) {
      log.info("Kafka source subtask {} has no partition to read (more subtasks than partitions)", context.subtaskIndex());
      return;
    }
    Map<String, Object> config = new HashMap<>(source.consumerProperties());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    if (source.monitoringGroupId() != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, source.monitoringGroupId());
    } else {
      config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    }
    consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> assigned = new ArrayList<>();
    for (SourceSplit s : splits) {
      KafkaPartitionSplit split = (KafkaPartitionSplit) s;
      assigned.add(split.topicPartition());
    }
    consumer.assign(assigned);
    for (SourceSplit s : splits) {
      KafkaPartitionSplit split = (KafkaPartitionSplit) s;
      TopicPartition tp = split.topicPartition();
      if (split.offset() == KafkaPartitionSplit.EARLIEST) {
        consumer.seekToBeginning(List.of(tp));
      } else if (split.offset() == KafkaPartitionSplit.LATEST) {
        consumer.seekToEnd(List.of(tp));
      } else {
        consumer.seek(tp, split.offset());
      }
    }
    for (SourceSplit s : splits) {
      KafkaPartitionSplit split = (KafkaPartitionSplit) s;
      // resolved now, so that a checkpoint taken before the first record restores to the same place
      cursors.put(split.topicPartition(), new PartitionCursor(split, consumer.position(split.topicPartition())));
    }
    if (source.deadLetterTopic() != null) {
      deadLetters = new DeadLetters(source.bootstrapServers(), source.deadLetterTopic(), source.consumerProperties());
    }
    log.info("Kafka source subtask {} reads {}", context.subtaskIndex(), snapshot());
  }

  @Override
  public Status poll(SourceOutput<T> output) throws Exception {
    if (consumer == null) {
      return Status.NOTHING_AVAILABLE;
    }
    if (!fetched.hasNext()) {
      if (endReachedPartitions() == cursors.size()) {
        return Status.END_OF_INPUT;
      }
      var records = consumer.poll(Duration.ZERO);
      if (records.isEmpty()) {
        return Status.NOTHING_AVAILABLE;
      }
      fetched = records.iterator();
    }
    long now = context.currentTimeMillis();
    while (fetched.hasNext() && output.wantsMore()) {
      current = fetched.next();
      PartitionCursor cursor = cursors.get(new TopicPartition(current.topic(), current.partition()));
      if (current.offset() >= cursor.split.stopOffset()) {
        continue; // a bounded source's partition past its end
      }
      T value;
      try {
        value = source.deserializer().deserialize(current);
        if (value == null) {
          throw new IllegalStateException("the deserializer returned null");
        }
      } catch (Exception e) {
        if (deadLetters == null) {
          throw new KafkaRecordException(current.topic(), current.partition(), current.offset(), e);
        }
        log.warn("Kafka source: the record at topic '{}' partition {} offset {} goes to the dead-letter topic '{}': {}",
            current.topic(), current.partition(), current.offset(), source.deadLetterTopic(), e.toString());
        deadLetters.send(current, e);
        value = null;
      }
      cursor.nextOffset = current.offset() + 1;
      cursor.lastRecordMillis = now;
      if (value != null) {
        output.emit(value);
      }
    }
    return Status.MORE_AVAILABLE;
  }

  /** Marks (and pauses) the partitions of a bounded source whose position reached their end; returns how many have. */
  private int endReachedPartitions() {
    int ended = 0;
    for (Map.Entry<TopicPartition, PartitionCursor> e : cursors.entrySet()) {
      PartitionCursor c = e.getValue();
      if (!c.ended && c.split.stopOffset() != KafkaPartitionSplit.UNBOUNDED
          && Math.max(c.nextOffset, consumer.position(e.getKey())) >= c.split.stopOffset()) {
        c.ended = true;
        consumer.pause(List.of(e.getKey()));
      }
      ended += c.ended ? 1 : 0;
    }
    return ended;
  }

  @Override
  public long retryAfterNanos() {
    return consumer == null ? 100_000_000L : 2_000_000L;
  }

  @Override
  public List<SourceSplit> snapshot() {
    List<SourceSplit> splits = new ArrayList<>();
    for (PartitionCursor c : cursors.values()) {
      splits.add(c.split.at(c.nextOffset));
    }
    return splits;
  }

  @Override
  public List<SourceSplit> snapshot(long checkpointId) {
    if (deadLetters != null) {
      try {
        deadLetters.flush();
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    if (source.monitoringGroupId() != null) {
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      cursors.forEach((tp, c) -> offsets.put(tp, new OffsetAndMetadata(c.nextOffset)));
      offsetsByCheckpoint.put(checkpointId, offsets);
    }
    return snapshot();
  }

  @Override
  public void checkpointComplete(long checkpointId) {
    var done = offsetsByCheckpoint.headMap(checkpointId, true);
    if (!done.isEmpty() && consumer != null) {
      consumer.commitAsync(done.lastEntry().getValue(), (offsets, e) -> {
        if (e != null) {
          log.warn("Kafka source: cannot commit the offsets of checkpoint {} for monitoring: {}", checkpointId, e.toString());
        }
      });
    }
    done.clear();
  }

  @Override
  public String position() {
    if (current != null) {
      return "at topic '" + current.topic() + "' partition " + current.partition() + " offset " + current.offset();
    }
    return "at " + snapshot();
  }

  @Override
  public void close() {
    if (deadLetters != null) {
      deadLetters.close();
    }
    if (consumer != null) {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}

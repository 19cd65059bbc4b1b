package io.weir.connector.kafka;

import io.weir.connector.Source;
import io.weir.connector.SourceContext;
import io.weir.connector.SourceReader;
import io.weir.connector.SourceSplit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads Kafka topics, named or by pattern, as a replayable source. Each topic-partition is a split
 * whose offset lives in Weir's checkpoints (Kafka's committed offsets, written only when a group id
 * is given, are for monitoring); the splits are spread over the source's subtasks and spread again
 * when a job is restored at another parallelism. Topics are read {@code read_committed}, so the
 * output of an exactly-once Kafka sink can feed another job. Partitions created after the job
 * started are not picked up.
 */
public final class KafkaSource<T> implements Source<T> {
  private final String bootstrapServers;
  private final List<String> topics;
  private final Pattern topicPattern;
  private final KafkaRecordDeserializer<T> deserializer;
  private final long startingOffset;
  private final String deadLetterTopic;
  private final String monitoringGroupId;
  private final Map<String, Object> consumerProperties;
  private final boolean bounded;

  private KafkaSource(String bootstrapServers, List<String> topics, Pattern topicPattern, KafkaRecordDeserializer<T> deserializer,
                      long startingOffset, String deadLetterTopic, String monitoringGroupId, Map<String, Object> consumerProperties, boolean bounded) {
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    this.topics = topics;
    this.topicPattern = topicPattern;
    this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    this.startingOffset = startingOffset;
    this.deadLetterTopic = deadLetterTopic;
    this.monitoringGroupId = monitoringGroupId;
    this.consumerProperties = Map.copyOf(consumerProperties);
    this.bounded = bounded;
  }

  /** Reads the named topics from their earliest records. */
  public static <T> KafkaSource<T> topics(String bootstrapServers, List<String> topics, KafkaRecordDeserializer<T> deserializer) {
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("a Kafka source needs at least one topic");
    }
    return new KafkaSource<>(bootstrapServers, List.copyOf(topics), null, deserializer, KafkaPartitionSplit.EARLIEST, null, null,
        Map.of(), false);
  }

  /** Reads every topic whose whole name matches {@code pattern} when the job starts. */
  public static <T> KafkaSource<T> topicPattern(String bootstrapServers, Pattern pattern, KafkaRecordDeserializer<T> deserializer) {
    return new KafkaSource<>(bootstrapServers, null, pattern, deserializer, KafkaPartitionSplit.EARLIEST, null, null, Map.of(), false);
  }

  /** Where a fresh job starts: {@link KafkaPartitionSplit#EARLIEST} (the default) or {@link KafkaPartitionSplit#LATEST}. */
  public KafkaSource<T> startingFrom(long earliestOrLatest) {
    if (earliestOrLatest != KafkaPartitionSplit.EARLIEST && earliestOrLatest != KafkaPartitionSplit.LATEST) {
      throw new IllegalArgumentException("a Kafka source starts from EARLIEST or LATEST, got " + earliestOrLatest);
    }
    return new KafkaSource<>(bootstrapServers, topics, topicPattern, deserializer, earliestOrLatest, deadLetterTopic,
        monitoringGroupId, consumerProperties, bounded);
  }

  /** Records that fail to deserialize go to {@code topic} (with the error and their origin in headers) instead of failing the task. */
  public KafkaSource<T> deadLetterTopic(String topic) {
    return new KafkaSource<>(bootstrapServers, topics, topicPattern, deserializer, startingOffset, topic, monitoringGroupId,
        consumerProperties, bounded);
  }

  /** Commits the offsets of each completed checkpoint to Kafka under {@code groupId}, for lag monitoring only. */
  public KafkaSource<T> commitOffsetsForMonitoring(String groupId) {
    return new KafkaSource<>(bootstrapServers, topics, topicPattern, deserializer, startingOffset, deadLetterTopic, groupId,
        consumerProperties, bounded);
  }

  /** Extra consumer settings (security, fetch sizes); the source's own (assignment, offsets, isolation) win. */
  public KafkaSource<T> consumerProperties(Map<String, Object> properties) {
    return new KafkaSource<>(bootstrapServers, topics, topicPattern, deserializer, startingOffset, deadLetterTopic,
        monitoringGroupId, properties, bounded);
  }

  /**
   * A bounded source: it stops at the partitions' last committed offsets as they were when the job
   * started (a replay of what is there, a benchmark), and the job finishes.
   */
  public KafkaSource<T> bounded() {
    return new KafkaSource<>(bootstrapServers, topics, topicPattern, deserializer, startingOffset, deadLetterTopic,
        monitoringGroupId, consumerProperties, true);
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  KafkaRecordDeserializer<T> deserializer() {
    return deserializer;
  }

  String deadLetterTopic() {
    return deadLetterTopic;
  }

  String monitoringGroupId() {
    return monitoringGroupId;
  }

  Map<String, Object> consumerProperties() {
    return consumerProperties;
  }

  private String what() {
    return topics != null ? "topics " + topics : "topics matching '" + topicPattern.pattern() + "'";
  }

  @Override
  public List<SourceSplit> splits() throws Exception {
    Map<String, Object> config = new HashMap<>(consumerProperties);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(config)) {
      List<String> names = topics;
      if (names == null) {
        names = admin.listTopics().names().get(60, TimeUnit.SECONDS).stream()
            .filter(n -> topicPattern.matcher(n).matches()).sorted().toList();
        if (names.isEmpty()) {
          throw new IllegalArgumentException("no Kafka topic on " + bootstrapServers + " matches '" + topicPattern.pattern() + "'");
        }
      }
      Map<String, TopicDescription> described = new TreeMap<>();
      try {
        described.putAll(admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          throw new IllegalArgumentException("the Kafka source's " + what() + " do not all exist on " + bootstrapServers
              + " (existing: " + new java.util.TreeSet<>(admin.listTopics().names().get(60, TimeUnit.SECONDS)) + ")", e.getCause());
        }
        throw e;
      }
      Map<TopicPartition, Long> stops = bounded ? endOffsets(admin, described.values()) : Map.of();
      List<SourceSplit> splits = new ArrayList<>();
      for (TopicDescription d : described.values()) {
        d.partitions().stream().sorted(Comparator.comparingInt(p -> p.partition())).forEach(p -> splits.add(new KafkaPartitionSplit(
            splits.size(), d.name(), p.partition(), startingOffset,
            stops.getOrDefault(new TopicPartition(d.name(), p.partition()), KafkaPartitionSplit.UNBOUNDED))));
      }
      return splits;
    }
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, java.util.Collection<TopicDescription> topics) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicDescription d : topics) {
      d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(60, TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  @Override
  public SourceReader<T> createReader(SourceContext context) {
    return new KafkaSourceReader<>(this, context);
  }
}

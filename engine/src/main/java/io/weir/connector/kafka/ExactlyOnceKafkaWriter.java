package io.weir.connector.kafka;

import io.weir.connector.SinkContext;
import io.weir.connector.SinkWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly once by two-phase commit over Kafka transactions, the design of Flink's KafkaSink.
 * <ul>
 * <li>A transaction per checkpoint and subtask, each under a transactional id of its own
 *   ({@link TransactionNames}: prefix, subtask, one more than the checkpoint before it began),
 *   begun with the first record after a barrier.
 * <li>Pre-commit on the barrier ({@link #snapshot}): flush, and keep the transactional id, producer
 *   id and epoch in the checkpoint; the producer stays open, the transaction with it.
 * <li>Commit when the checkpoint completes, with the producer that wrote it. A checkpoint that is
 *   aborted leaves its transactions pending; the next one that completes commits them too.
 * <li>Restore ({@link #restore}): the pre-committed transactions of the restored checkpoint are
 *   committed by producers that resume their producer id and epoch, unless Kafka reports them
 *   committed already, then every transaction of this sink that is still open in Kafka
 *   (left by a failed attempt, a fenced zombie or an earlier run) is aborted by fencing its id, so a
 *   {@code read_committed} consumer is not held up until the transaction timeout.
 * </ul>
 * The same recovery runs at a fresh start (without the commits), before the first transaction.
 */
final class ExactlyOnceKafkaWriter<T> implements SinkWriter<T> {
  private static final Logger log = LoggerFactory.getLogger(ExactlyOnceKafkaWriter.class);

  private record Pending(TransactionalProducer producer, PreCommittedTransaction transaction) {
  }

  private final TransactionNames names;
  private final String bootstrapServers;
  private final String topic;
  private final KafkaRecordSerializer<T> serializer;
  private final Map<String, Object> properties;
  private final SinkContext context;
  private final TreeMap<Long, Pending> pending = new TreeMap<>();
  private TransactionalProducer current;
  private SendErrors errors;
  private long lastCheckpoint;
  private boolean recovered;

  ExactlyOnceKafkaWriter(TransactionNames names, String bootstrapServers, String topic, KafkaRecordSerializer<T> serializer,
                         Map<String, Object> properties, SinkContext context) {
    this.names = names;
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.serializer = serializer;
    this.properties = properties;
    this.context = context;
  }

  private TransactionRecovery recovery() {
    return new TransactionRecovery(names, bootstrapServers, properties, context.subtaskIndex(), context.parallelism());
  }

  @Override
  public void write(T record) throws Exception {
    if (current == null) {
      begin();
    }
    errors.rethrow();
    current.send(serializer.serialize(record, topic), errors);
  }

  private void begin() throws Exception {
    if (!recovered) {
      try (TransactionRecovery recovery = recovery()) {
        recovery.abortOpenTransactions();
      }
      recovered = true;
    }
    String id = names.name(context.subtaskIndex(), lastCheckpoint + 1);
    TransactionalProducer producer = new TransactionalProducer(bootstrapServers, id, properties);
    try {
      producer.initTransactions();
      producer.beginTransaction();
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    current = producer;
    errors = new SendErrors(topic);
    log.debug("Kafka sink subtask {} began transaction {}", context.subtaskIndex(), id);
  }

  @Override
  public List<Object> snapshot(long checkpointId) {
    if (current != null) {
      current.flush();
      errors.rethrow();
      pending.put(checkpointId, new Pending(current, new PreCommittedTransaction(current.transactionalId(), current.producerId(),
          current.epoch(), checkpointId)));
      current = null;
    }
    lastCheckpoint = checkpointId;
    List<PreCommittedTransaction> kept = new ArrayList<>();
    pending.values().forEach(p -> kept.add(p.transaction()));
    return List.of(new KafkaSinkState(context.subtaskIndex(), context.parallelism(), checkpointId, kept));
  }

  @Override
  public void checkpointComplete(long checkpointId) {
    Iterator<Pending> it = pending.headMap(checkpointId, true).values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      p.producer().commitTransaction();
      p.producer().close(Duration.ZERO);
      it.remove();
      log.debug("Kafka sink subtask {} committed transaction {} of checkpoint {}", context.subtaskIndex(),
          p.transaction().transactionalId(), p.transaction().checkpointId());
    }
  }

  @Override
  public void restore(List<Object> states) throws Exception {
    List<KafkaSinkState> all = new ArrayList<>();
    for (Object o : states) {
      all.add((KafkaSinkState) o);
    }
    try (TransactionRecovery recovery = recovery()) {
      for (KafkaSinkState s : all) {
        lastCheckpoint = Math.max(lastCheckpoint, s.checkpointId());
        if (Math.floorMod(s.subtask(), context.parallelism()) == context.subtaskIndex()) {
          for (PreCommittedTransaction t : s.pending()) {
            recovery.commit(t);
          }
        }
      }
      recovery.abortOpenTransactions();
    }
    recovered = true;
  }

  @Override
  public void close() {
    if (current != null) {
      // records after the last barrier belong to no checkpoint: abort them rather than leave them open
      try {
        current.abortTransaction();
      } catch (RuntimeException e) {
        log.debug("Kafka sink: aborting transaction {} on close failed: {}", current.transactionalId(), e.toString());
      }
      current.close(Duration.ZERO);
      current = null;
    }
    // pre-committed transactions stay open: a restore from their checkpoint commits them
    pending.values().forEach(p -> p.producer().close(Duration.ZERO));
    pending.clear();
  }
}

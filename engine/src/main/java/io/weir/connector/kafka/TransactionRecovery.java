package io.weir.connector.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an exactly-once Kafka sink subtask does before its first transaction: commit the
 * transactions a restored checkpoint pre-committed, and abort this sink's transactions that are
 * still open in Kafka and belong to this subtask (ids {@code PREFIX-S-N} with S mod parallelism =
 * this subtask, which covers the subtasks of an earlier, larger parallelism too).
 */
final class TransactionRecovery {
  private static final Logger log = LoggerFactory.getLogger(TransactionRecovery.class);

  private final TransactionNames names;
  private final String bootstrapServers;
  private final Map<String, Object> properties;
  private final int subtask;
  private final int parallelism;

  TransactionRecovery(TransactionNames names, String bootstrapServers, Map<String, Object> properties, int subtask, int parallelism) {
    this.names = names;
    this.bootstrapServers = bootstrapServers;
    this.properties = properties;
    this.subtask = subtask;
    this.parallelism = parallelism;
  }

  /** Commits a restored pre-committed transaction; committing one already committed changes nothing. */
  void commit(PreCommittedTransaction t) {
    try (TransactionalProducer producer = new TransactionalProducer(bootstrapServers, t.transactionalId(), properties)) {
      producer.resume(t.producerId(), t.epoch());
      producer.commitTransaction();
      log.info("Kafka sink subtask {} committed transaction {} of restored checkpoint {}", subtask, t.transactionalId(),
          t.checkpointId());
    } catch (InvalidTxnStateException | ProducerFencedException e) {
      throw new IllegalStateException("the Kafka transaction " + t.transactionalId() + " pre-committed by checkpoint "
          + t.checkpointId() + " cannot be committed (" + e.getMessage() + "): Kafka aborted it, most likely because it was"
          + " open longer than transaction.timeout.ms; its records are lost", e);
    }
  }

  /** Fences and so aborts every open transaction of this subtask's share of the sink's ids. */
  void abortOpenTransactions() throws Exception {
    Map<String, Object> config = new HashMap<>(properties);
    config.keySet().removeIf(k -> k.startsWith("transaction") || k.equals("enable.idempotence") || k.equals("acks"));
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    List<String> open;
    try (Admin admin = Admin.create(config)) {
      open = admin.listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
          .all().get(60, TimeUnit.SECONDS).stream().map(TransactionListing::transactionalId)
          .filter(id -> {
            int s = names.subtaskOf(id);
            return s >= 0 && Math.floorMod(s, parallelism) == subtask;
          }).sorted().toList();
    }
    for (String id : open) {
      try (TransactionalProducer producer = new TransactionalProducer(bootstrapServers, id, properties)) {
        producer.initTransactions(); // fences the id's earlier producer and aborts its open transaction
        producer.close(Duration.ZERO);
      }
      log.info("Kafka sink subtask {} aborted the lingering transaction {}", subtask, id);
    }
  }
}

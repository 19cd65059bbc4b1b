package io.weir.connector.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an exactly-once Kafka sink subtask does before its first transaction: commit the
 * transactions a restored checkpoint pre-committed, and abort this sink's transactions that are
 * still open in Kafka and belong to this subtask (ids {@code PREFIX-S-N} with S mod parallelism =
 * this subtask, which covers the subtasks of an earlier, larger parallelism too).
 */
final class TransactionRecovery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransactionRecovery.class);

  private final TransactionNames names;
  private final String bootstrapServers;
  private final Map<String, Object> properties;
  private final int subtask;
  private final int parallelism;
  private final Admin admin;

  TransactionRecovery(TransactionNames names, String bootstrapServers, Map<String, Object> properties, int subtask, int parallelism) {
    this.names = names;
    this.bootstrapServers = bootstrapServers;
    this.properties = properties;
    this.subtask = subtask;
    this.parallelism = parallelism;
    Map<String, Object> config = new HashMap<>();
    properties.forEach((k, v) -> {
      if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
        config.put(k, v);
      }
    });
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(config);
  }

  /**
   * Commits a restored pre-committed transaction unless Kafka says it is committed already: a
   * transaction still open under the producer id it had is resumed and committed; one the
   * coordinator has committed is left alone; one it has aborted (it outlived the transaction
   * timeout) fails the restore, since its records are lost.
   */
  void commit(PreCommittedTransaction t) throws Exception {
    String id = t.transactionalId();
    TransactionDescription d;
    try {
      d = admin.describeTransactions(List.of(id)).description(id).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TransactionalIdNotFoundException) {
        log.warn("Kafka sink subtask {}: the transaction {} of restored checkpoint {} is unknown to Kafka (its id expired);"
            + " it was committed or aborted long ago and cannot be checked", subtask, id, t.checkpointId());
        return;
      }
      throw e;
    }
    boolean sameProducer = d.producerId() == t.producerId();
    if (sameProducer && d.state() == TransactionState.ONGOING) {
      try (TransactionalProducer producer = new TransactionalProducer(bootstrapServers, id, properties)) {
        producer.resume(t.producerId(), t.epoch());
        producer.commitTransaction();
      }
      log.info("Kafka sink subtask {} committed transaction {} of restored checkpoint {}", subtask, id, t.checkpointId());
    } else if (sameProducer && (d.state() == TransactionState.COMPLETE_COMMIT || d.state() == TransactionState.PREPARE_COMMIT)) {
      log.debug("Kafka sink subtask {}: transaction {} of restored checkpoint {} was committed already", subtask, id,
          t.checkpointId());
    } else {
      throw new IllegalStateException("the Kafka transaction " + id + " pre-committed by checkpoint " + t.checkpointId()
          + " cannot be committed: Kafka has it " + d.state() + " (producer " + d.producerId() + ", pre-committed by producer "
          + t.producerId() + "), most likely aborted because it was open longer than transaction.timeout.ms; its records are lost");
    }
  }

  /** Fences and so aborts every open transaction of this subtask's share of the sink's ids. */
  void abortOpenTransactions() throws Exception {
    List<String> open = admin.listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
        .all().get(60, TimeUnit.SECONDS).stream().map(TransactionListing::transactionalId)
        .filter(id -> {
          int s = names.subtaskOf(id);
          return s >= 0 && Math.floorMod(s, parallelism) == subtask;
        }).sorted().toList();
    for (String id : open) {
      try (TransactionalProducer producer = new TransactionalProducer(bootstrapServers, id, properties)) {
        producer.initTransactions(); // fences the id's earlier producer and aborts its open transaction
      }
      log.info("Kafka sink subtask {} aborted the lingering transaction {}", subtask, id);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}

package io.weir.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.api.Job;
import io.weir.connector.kafka.KafkaTestBroker;
import io.weir.examples.KafkaCountTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kafka end to end with real processes: {@code kafka-count} reads a topic that is still being
 * written and writes its counts to another with Kafka transactions while a worker is killed with
 * {@code kill -9}; a {@code read_committed} consumer must then read every result exactly once, and
 * not wait for the killed attempt's open transactions to time out.
 */
@Tag("slow")
class KafkaFaultIT {
  private static final long KEYS = 200;
  private static final long PER_KEY = 400;

  private static List<String> openTransactions(Admin admin) throws Exception {
    return admin.listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
        .all().get().stream().map(t -> t.transactionalId()).toList();
  }

  @Test
  void killMinus9OfAWorkerMidRunLeavesEveryResultInKafkaExactlyOnce() throws Exception {
    Path dir = Path.of("target", "process-clusters", "kafka-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
    JsonObject settings = new JsonObject().put("checkpoint", new JsonObject().put("interval", "500ms"));
    try (KafkaTestBroker broker = KafkaTestBroker.start(dir.resolve("kafka"));
         ProcessCluster cluster = ProcessCluster.start(dir, 3, settings)) {
      String bootstrap = broker.bootstrapServers();
      broker.createTopic("in", 4);
      broker.createTopic("out", 4);
      CompletableFuture<Void> input = CompletableFuture.runAsync(() -> {
        try {
          KafkaCountTool.produce(bootstrap, "in", KEYS, PER_KEY, 8000);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      String id = cluster.submit("kafka-count", 2, null, "--bootstrap", bootstrap, "--in", "in", "--out", "out");
      JsonObject running = cluster.awaitJob(id, Duration.ofSeconds(90), s -> s.getString("state").equals("RUNNING")
          && s.getLong("recordsWritten") > 10_000 && s.getValue("latestCheckpoint") != null, "running past a checkpoint");
      String victim = ProcessCluster.busiestWorker(running);
      cluster.kill9(victim);
      cluster.awaitJob(id, Duration.ofSeconds(60), s -> s.getInteger("failures") == 1 && s.getString("state").equals("RUNNING"),
          "restarted after the kill");
      input.get();

      // well inside the sink's 5 min transaction timeout: the killed attempt's transactions were aborted, not waited out
      Job.Verdict verdict = KafkaCountTool.check(bootstrap, "out", KEYS, PER_KEY, Duration.ofSeconds(60));
      assertThat(verdict.ok()).as(verdict.summary() + "; logs in " + dir).isTrue();
      assertThat(verdict.summary()).startsWith("output is exactly-once");

      JsonArray failures = cluster.get("/jobs/" + id + "/exceptions").getJsonArray("failures");
      assertThat(failures).hasSize(1);
      assertThat(failures.getJsonObject(0).getString("cause")).startsWith("worker " + victim + " lost");
      try (Admin admin = broker.admin()) {
        // the input is all read: once the next checkpoints complete, no transaction may be left open
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> open = openTransactions(admin);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(200);
          open = openTransactions(admin);
        }
        assertThat(open).as("transactions still open").isEmpty();
      }
      cluster.post("/jobs/" + id + "/cancel", new JsonObject());
    }
  }
}

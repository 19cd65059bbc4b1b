package io.weir.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.weir.api.JobArgs;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskInputEnded;
import io.weir.examples.nexmark.Nexmark;
import io.weir.examples.nexmark.NexmarkEvent;
import io.weir.examples.nexmark.NexmarkGenerator;
import io.weir.examples.nexmark.NexmarkQueries;
import io.weir.testing.TestSinks.CollectingSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every Nexmark query as a Weir job in the deterministic {@link InMemoryRuntime} (parallelism 2,
 * batches over the wire), against {@link NexmarkBruteForce} on the same small stream.
 */
class NexmarkQueriesTest {
  private static final List<String> STREAM = List.of("--events", "12000", "--event-rate", "1000", "--window-ms", "2000",
      "--slide-ms", "500", "--gap-ms", "300");

  @TempDir
  Path workDir;

  private final String sinkName = "sink-" + UUID.randomUUID();
  private InMemoryRuntime runtime;

  @AfterEach
  void tearDown() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
    CollectingSink.forget(sinkName);
  }

  private List<String> run(String query, String backend) {
    runtime = new InMemoryRuntime(workDir, true, () -> null);
    List<String> args = new ArrayList<>(STREAM);
    args.addAll(List.of("--query", query, "--sink", sinkName));
    runtime.deploy(NexmarkTestJob.class, args, 2, new JsonObject().put("state", new JsonObject().put("backend", backend)));
    runtime.runUntil(() -> runtime.reports(TaskInputEnded.class).size() == runtime.tasks().size(), 600_000,
        "every task to reach the end of its input");
    assertThat(runtime.reports(TaskFailed.class)).isEmpty();
    return CollectingSink.all(sinkName).stream().map(String.class::cast).toList();
  }

  private static NexmarkBruteForce bruteForce() {
    JobArgs args = new JobArgs("nexmark", STREAM);
    NexmarkGenerator generator = Nexmark.generator(args);
    List<NexmarkEvent> events = new ArrayList<>();
    for (long n = 0; n < 12_000; n++) {
      events.add(generator.event(n));
    }
    return new NexmarkBruteForce(events, Nexmark.params(args));
  }

  @ParameterizedTest(name = "{0}, {1} state")
  @CsvSource({"q0, heap", "q1, heap", "q2, heap", "q3, rocksdb", "q5, heap", "q5, rocksdb", "q7, heap", "q8, heap",
      "q8, rocksdb", "q11, heap", "q11, rocksdb"})
  void aQueryOutputsExactlyWhatTheBruteForceComputes(String query, String backend) {
    List<String> expected = bruteForce().lines(query);

    assertThat(expected).as("the stream is big enough for %s to output something", query).isNotEmpty();
    assertThat(run(query, backend)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @ParameterizedTest(name = "{0} state")
  @CsvSource({"heap", "rocksdb"})
  void q4EndsWithEachCategorysAverageOfItsAuctionsFinalPrices(String backend) {
    Map<Long, Double> last = new TreeMap<>();
    for (String line : run("q4", backend)) {
      String[] parts = line.split(",");
      last.put(Long.parseLong(parts[0]), Double.parseDouble(parts[1]));
    }

    assertThat(last).isEqualTo(bruteForce().q4Averages()).isNotEmpty();
  }
}

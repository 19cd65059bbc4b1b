package io.weir.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskInputEnded;
import io.weir.runtime.task.JoinJobs.Pair;
import io.weir.testing.TestSinks.CollectingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Joins through whole jobs in the deterministic {@link InMemoryRuntime}, checked against every pair a brute force finds. */
class JoinRuntimeTest extends InMemoryRuntimeTest {
  private static final long COUNT = 300;
  private static final int KEYS = 5;

  private List<Pair> run(String backend, int parallelism, String... args) {
    runtime = new InMemoryRuntime(workDir, true, () -> null);
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--count", "" + COUNT, "--keys", "" + KEYS, "--sink", sinkName));
    runtime.deploy(JoinJobs.Joins.class, all, parallelism, new JsonObject()
        .put("state", new JsonObject().put("backend", backend))
        .put("network", new JsonObject().put("batch-size", 16).put("credits", 4)));
    runtime.runUntil(() -> runtime.reports(TaskInputEnded.class).size() == runtime.tasks().size(), 120_000,
        "every task to reach the end of its input");
    assertThat(runtime.reports(TaskFailed.class)).isEmpty();
    return CollectingSink.all(sinkName).stream().map(p -> (Pair) p).toList();
  }

  /** Every pair of rows with the same key that {@code joins} (left time seq × 2, right time seq × 3). */
  private static List<Pair> bruteForce(BiPredicate<Long, Long> joins) {
    List<Pair> pairs = new ArrayList<>();
    for (long l = 0; l < COUNT; l++) {
      for (long r = 0; r < COUNT; r++) {
        if (l % KEYS == r % KEYS && joins.test(l * 2, r * 3)) {
          pairs.add(new Pair(l % KEYS, l, r));
        }
      }
    }
    return pairs;
  }

  @ParameterizedTest(name = "{0} state, parallelism {1}")
  @CsvSource({"heap, 1", "rocksdb, 2"})
  void anIntervalJoinPairsEveryRightRecordWithinTheBoundsOfALeftOne(String backend, int parallelism) {
    List<Pair> pairs = run(backend, parallelism, "--join", "interval", "--lower", "-7", "--upper", "12");

    assertThat(pairs).containsExactlyInAnyOrderElementsOf(bruteForce((l, r) -> r >= l - 7 && r <= l + 12)).isNotEmpty();
  }

  @ParameterizedTest(name = "{0} state, parallelism {1}")
  @CsvSource({"heap, 2", "rocksdb, 1"})
  void aWindowJoinPairsTheRecordsOfAKeyInTheSameWindow(String backend, int parallelism) {
    List<Pair> pairs = run(backend, parallelism, "--join", "window", "--size", "30");

    assertThat(pairs).containsExactlyInAnyOrderElementsOf(bruteForce((l, r) -> l / 30 == r / 30)).isNotEmpty();
  }

  @ParameterizedTest(name = "{0} state")
  @CsvSource({"heap", "rocksdb"})
  void aRegularJoinPairsEveryTwoRecordsOfAKeyWhileItsStateLives(String backend) {
    List<Pair> pairs = run(backend, 2, "--join", "regular", "--ttl", "60000");

    assertThat(pairs).containsExactlyInAnyOrderElementsOf(bruteForce((l, r) -> true));
  }

  @ParameterizedTest(name = "{0} state")
  @CsvSource({"heap", "rocksdb"})
  void aKeyQuietForItsTimeToLiveLosesItsStateSoLaterRecordsNoLongerJoinIt(String backend) {
    // the left side arrives at once; the right side one record every 250 ms of a 50 ms time-to-live:
    // only the first right record (emitted at once) meets the left records of its key
    List<Pair> pairs = run(backend, 1, "--join", "regular", "--ttl", "50", "--right-rate", "4");

    assertThat(pairs).isNotEmpty().allSatisfy(p -> assertThat(p.right()).isZero());
    assertThat(pairs).hasSize((int) (COUNT / KEYS));
  }
}

package io.weir.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskInputEnded;
import io.weir.runtime.task.TtlJobs.KeyCount;
import io.weir.testing.TestSinks.CollectingSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keyed state with a time-to-live through the public API, in a whole job on the {@link InMemoryRuntime}'s
 * fake clock: two keys, one record every 500 ms, so each key has a record every second.
 */
class StateTtlRuntimeTest extends InMemoryRuntimeTest {
  private static final int COUNT = 12;

  private List<KeyCount> run(String backend, long ttlMillis) {
    runtime = new InMemoryRuntime(workDir, true, () -> null);
    runtime.deploy(TtlJobs.ExpiringCount.class, List.of("--count", "" + COUNT, "--keys", "2", "--rate", "2",
        "--ttl", "" + ttlMillis, "--sink", sinkName), 1, new JsonObject().put("state", new JsonObject().put("backend", backend)));
    runtime.runUntil(() -> runtime.reports(TaskInputEnded.class).size() == runtime.tasks().size(), 120_000,
        "every task to reach the end of its input");
    assertThat(runtime.reports(TaskFailed.class)).isEmpty();
    return CollectingSink.all(sinkName).stream().map(c -> (KeyCount) c).toList();
  }

  @ParameterizedTest(name = "{0} state")
  @CsvSource({"heap", "rocksdb"})
  void aCountWhoseKeyComesBackWithinItsTimeToLiveGoesOn(String backend) {
    List<KeyCount> counts = run(backend, 5000);

    List<KeyCount> expected = new ArrayList<>();
    for (long n = 0; n < COUNT; n++) {
      expected.add(new KeyCount(n % 2, n / 2 + 1));
    }
    assertThat(counts).containsExactlyInAnyOrderElementsOf(expected);
  }

  @ParameterizedTest(name = "{0} state")
  @CsvSource({"heap", "rocksdb"})
  void aCountWhoseKeyIsQuietForItsTimeToLiveStartsAgain(String backend) {
    List<KeyCount> counts = run(backend, 300);

    assertThat(counts).hasSize(COUNT).allSatisfy(c -> assertThat(c.count()).isEqualTo(1));
  }
}

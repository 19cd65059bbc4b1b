package io.weir.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskInputEnded;
import io.weir.runtime.task.EventTimeJobs.Fired;
import io.weir.testing.TestSinks.CollectingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Watermarks and event-time timers through whole jobs in the deterministic {@link InMemoryRuntime}. */
class EventTimeRuntimeTest extends InMemoryRuntimeTest {
  private static JsonObject settings(String backend) {
    return new JsonObject().put("state", new JsonObject().put("backend", backend))
        .put("network", new JsonObject().put("batch-size", 16).put("credits", 4));
  }

  private boolean everyTaskEndedItsInput() {
    return runtime.reports(TaskInputEnded.class).size() == runtime.tasks().size();
  }

  @ParameterizedTest(name = "{0} state, parallelism {1}, over the wire: {2}")
  @CsvSource({"heap, 1, false", "heap, 2, true", "rocksdb, 2, true"})
  void eventTimeTimersFireOnceEachInTimestampOrderAsWatermarksCrossTheNetwork(String backend, int parallelism,
                                                                              boolean overTheWire) {
    long count = 3_000;
    runtime = new InMemoryRuntime(workDir, overTheWire, () -> null);
    runtime.deploy(EventTimeJobs.EventTimers.class, List.of("--count", "" + count, "--keys", "5", "--rate", "2000",
        "--sink", sinkName), parallelism, settings(backend));

    runtime.runUntil(this::everyTaskEndedItsInput, 60_000, "every task to reach the end of its input");

    assertThat(runtime.reports(TaskFailed.class)).isEmpty();
    List<Long> firedTimes = new ArrayList<>();
    CollectingSink.written(sinkName).forEach((subtask, records) -> {
      long previous = Long.MIN_VALUE;
      for (Object r : records) {
        Fired f = (Fired) r;
        assertThat(f.timestamp()).as("subtask %s fires in timestamp order", subtask).isGreaterThanOrEqualTo(previous);
        assertThat(f.watermark()).as("a timer fires once the watermark reaches it").isGreaterThanOrEqualTo(f.timestamp());
        assertThat(f.key()).isEqualTo((f.timestamp() - 50) % 5);
        previous = f.timestamp();
        firedTimes.add(f.timestamp());
      }
    });
    assertThat(firedTimes).as("every timer fires exactly once").containsExactlyInAnyOrderElementsOf(
        LongStream.range(50, count + 50).boxed().toList());
    List<Object> all = CollectingSink.all(sinkName);
    assertThat(all.stream().filter(r -> ((Fired) r).watermark() < Long.MAX_VALUE).count())
        .as("watermarks from the sources fire most timers before the final watermark").isGreaterThan(count / 2);
  }
}

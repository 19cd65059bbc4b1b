package io.weir.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.weir.api.window.WindowResult;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskInputEnded;
import io.weir.testing.TestSinks.CollectingSink;
import io.weir.runtime.task.WindowJobs.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Windows through whole jobs in the deterministic {@link InMemoryRuntime}, checked against a brute-force count. */
class WindowRuntimeTest {
  private static final int KEYS = 5;
  private static final int DISORDER = 10;

  @TempDir
  Path workDir;

  private final String sinkName = "sink-" + UUID.randomUUID();
  private InMemoryRuntime runtime;

  /** A window of a key, as "key,start,end". */
  private static String window(long key, long start, long end) {
    return key + "," + start + "," + end;
  }

  @AfterEach
  void tearDown() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
    CollectingSink.forget(sinkName);
    CollectingSink.forget(sinkName + "-late");
  }

  private List<WindowResult<Long, Long>> run(String backend, int parallelism, String... args) {
    runtime = new InMemoryRuntime(workDir, true, () -> null);
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--keys", "" + KEYS, "--disorder", "" + DISORDER, "--sink", sinkName));
    runtime.deploy(WindowJobs.WindowedCounts.class, all, parallelism, new JsonObject()
        .put("state", new JsonObject().put("backend", backend))
        .put("network", new JsonObject().put("batch-size", 16).put("credits", 4)));
    runtime.runUntil(() -> runtime.reports(TaskInputEnded.class).size() == runtime.tasks().size(), 120_000,
        "every task to reach the end of its input");
    runtime.advance(1_000); // processing-time windows still open fire as the clock passes their end
    assertThat(runtime.reports(TaskFailed.class)).isEmpty();
    List<WindowResult<Long, Long>> results = new ArrayList<>();
    for (Object r : CollectingSink.all(sinkName)) {
      @SuppressWarnings("unchecked")
      WindowResult<Long, Long> w = (WindowResult<Long, Long>) r;
      results.add(w);
    }
    return results;
  }

  private static List<Event> events(long count, long lateEvery, long lateBy) {
    List<Event> events = new ArrayList<>();
    for (long n = 0; n < count; n++) {
      events.add(new Event(n % KEYS, WindowJobs.eventTime(n, KEYS, DISORDER, lateEvery, lateBy), n));
    }
    return events;
  }

  /** The brute-force count of every window: fixed windows by their starts, sessions by sorting each key's times. */
  private static Map<String, Long> expected(List<Event> events, String kind, long size, long slide, long gap) {
    Map<String, Long> counts = new TreeMap<>();
    if (kind.equals("session")) {
      Map<Long, List<Long>> times = new TreeMap<>();
      events.forEach(e -> times.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.timestamp()));
      times.forEach((key, ts) -> {
        ts.sort(null);
        long first = ts.get(0);
        long last = first;
        long n = 0;
        for (long t : ts) {
          if (t > last + gap) {
            counts.put(window(key, first, last + gap), n);
            first = t;
            n = 0;
          }
          last = t;
          n++;
        }
        counts.put(window(key, first, last + gap), n);
      });
      return counts;
    }
    long step = kind.equals("tumbling") ? size : slide;
    for (Event e : events) {
      for (long start = e.timestamp() - Math.floorMod(e.timestamp(), step); start > e.timestamp() - size; start -= step) {
        counts.merge(window(e.key(), start, start + size), 1L, Long::sum);
      }
    }
    return counts;
  }

  private static Map<String, Long> byWindow(List<WindowResult<Long, Long>> results) {
    Map<String, Long> actual = new TreeMap<>();
    for (WindowResult<Long, Long> r : results) {
      Long previous = actual.put(window(r.key(), r.start(), r.end()), r.value());
      assertThat(previous).as("window %s fires once", window(r.key(), r.start(), r.end())).isNull();
    }
    return actual;
  }

  @ParameterizedTest(name = "{0} windows, {1}, {2} state, parallelism {3}")
  @CsvSource({
      "tumbling, aggregate, heap, 1", "tumbling, process, rocksdb, 2",
      "sliding, aggregate, rocksdb, 2", "sliding, process, heap, 2",
      "session, aggregate, heap, 2", "session, process, rocksdb, 1", "session, aggregate, rocksdb, 2"})
  void eventTimeWindowsCountExactlyWhatABruteForceCountGives(String kind, String function, String backend, int parallelism) {
    long count = 2_000;
    List<WindowResult<Long, Long>> results = run(backend, parallelism, "--count", "" + count, "--rate", "20000",
        "--windows", kind, "--time", "event", "--function", function, "--size", "20", "--slide", "5", "--gap", "3");

    assertThat(byWindow(results)).isEqualTo(expected(events(count, 0, 0), kind, 20, 5, 3));
  }

  @Test
  void sessionsMergeWhenARecordBridgesThem() {
    // with a gap of 1 ms, each key's records (one per ms, reversed within blocks of 10) first open
    // separate sessions that the later records of a block join into one session per key
    long count = 500;
    List<WindowResult<Long, Long>> results = run("heap", 1, "--count", "" + count, "--windows", "session",
        "--time", "event", "--function", "aggregate", "--gap", "1");

    assertThat(byWindow(results)).isEqualTo(expected(events(count, 0, 0), "session", 0, 0, 1)).hasSize(KEYS);
  }

  @ParameterizedTest(name = "{0} state")
  @CsvSource({"heap", "rocksdb"})
  void recordsLaterThanTheirWindowsGoToTheLateStreamAndEveryOtherIsCountedOnce(String backend) {
    long count = 3_000;
    List<WindowResult<Long, Long>> results = run(backend, 2, "--count", "" + count, "--rate", "2000", "--windows",
        "tumbling", "--time", "event", "--function", "aggregate", "--size", "20", "--late-every", "7", "--late-by", "200",
        "--late");

    List<Object> late = CollectingSink.all(sinkName + "-late");
    assertThat(late).as("some records arrive after the watermark passed their window").isNotEmpty();
    assertThat(late).allSatisfy(r -> assertThat(((Event) r).seq() % 7).as("only the delayed records are late").isEqualTo(6));
    long counted = byWindow(results).values().stream().mapToLong(Long::longValue).sum();
    assertThat(counted + late.size()).as("every record is counted or late, once").isEqualTo(count);
  }

  @ParameterizedTest(name = "{0} state")
  @CsvSource({"heap", "rocksdb"})
  void allowedLatenessFiresAWindowAgainWithEachLateRecordUntilItCountsThemAll(String backend) {
    long count = 3_000;
    List<WindowResult<Long, Long>> results = run(backend, 2, "--count", "" + count, "--rate", "2000", "--windows",
        "tumbling", "--time", "event", "--function", "aggregate", "--size", "20", "--late-every", "7", "--late-by", "200",
        "--lateness", "400", "--late");

    assertThat(CollectingSink.all(sinkName + "-late")).as("nothing is later than the allowed lateness").isEmpty();
    Map<String, Long> last = new HashMap<>();
    int refirings = 0;
    for (WindowResult<Long, Long> r : results) {
      Long before = last.put(window(r.key(), r.start(), r.end()), r.value());
      if (before != null) {
        refirings++;
        assertThat(r.value()).as("a window fired again counts more").isGreaterThan(before);
      }
    }
    assertThat(refirings).as("late records fired their windows again").isPositive();
    assertThat(new TreeMap<>(last)).isEqualTo(expected(events(count, 7, 200), "tumbling", 20, 0, 0));
  }

  /**
   * A count aggregate over sliding windows is kept as panes; a full-window function keeps every
   * window's records. With late records, some within the allowed lateness and some after it, both
   * fire each window as often and with the same counts, and send the same records late.
   */
  @ParameterizedTest(name = "{0} state, lateness {1} ms")
  @CsvSource({"heap, 5", "rocksdb, 5", "heap, 15"})
  void slidingPanesFireTheSameResultsAsPerWindowStateWithLatenessAndLateRecords(String backend, String lateness) throws Exception {
    String[] args = {"--count", "3000", "--rate", "2000", "--windows", "sliding", "--time", "event", "--size", "20",
        "--slide", "5", "--late-every", "7", "--late-by", "100", "--lateness", lateness, "--late"};
    List<WindowResult<Long, Long>> panedResults = run(backend, 1, with(args, "--function", "aggregate"));
    Map<String, List<Long>> paned = sequence(panedResults);
    List<Object> panedLate = List.copyOf(CollectingSink.all(sinkName + "-late"));
    tearDown();
    Map<String, List<Long>> perWindow = sequence(run(backend, 1, with(args, "--function", "process")));
    List<Object> perWindowLate = List.copyOf(CollectingSink.all(sinkName + "-late"));

    assertThat(panedLate).as("some records are later than the allowed lateness").isNotEmpty();
    assertThat(panedResults.size()).as("late records within the lateness fire windows again").isGreaterThan(paned.size());
    assertThat(paned).isEqualTo(perWindow);
    assertThat(panedLate).isEqualTo(perWindowLate);
  }

  private static String[] with(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** Each window's counts in the order it fired them (windows of different keys that end together fire in any order). */
  private static Map<String, List<Long>> sequence(List<WindowResult<Long, Long>> results) {
    Map<String, List<Long>> fired = new TreeMap<>();
    results.forEach(r -> fired.computeIfAbsent(window(r.key(), r.start(), r.end()), w -> new ArrayList<>()).add(r.value()));
    return fired;
  }

  /**
   * Sessions with allowed lateness take records that arrive after the watermark passed them (each
   * key's records here make one long session, which grows while older timers of it fire and find it
   * not yet due); the last result of each session is the brute-force count of its records.
   */
  @ParameterizedTest(name = "{0} state, {1}")
  @CsvSource({"heap, aggregate", "rocksdb, process", "rocksdb, aggregate"})
  void sessionsWithAllowedLatenessTakeLateRecordsAndCountEveryRecord(String backend, String function) {
    long count = 3_000;
    List<WindowResult<Long, Long>> results = run(backend, 2, "--count", "" + count, "--rate", "2000", "--windows",
        "session", "--time", "event", "--function", function, "--gap", "3", "--late-every", "7", "--late-by", "200",
        "--lateness", "400", "--late");

    assertThat(CollectingSink.all(sinkName + "-late")).as("nothing is later than the allowed lateness").isEmpty();
    Map<String, Long> expected = expected(events(count, 7, 200), "session", 0, 0, 3);
    Map<String, Long> last = new TreeMap<>();
    results.forEach(r -> last.put(window(r.key(), r.start(), r.end()), r.value()));
    assertThat(last).containsAllEntriesOf(expected);
  }

  @Test
  void processingTimeSlidingPanesCountEveryRecordInEachOfItsWindows() {
    long count = 2_000;
    List<WindowResult<Long, Long>> results = run("heap", 2, "--count", "" + count, "--rate", "4000", "--windows",
        "sliding", "--time", "processing", "--function", "aggregate", "--size", "40", "--slide", "10");

    assertThat(results).allSatisfy(r -> {
      assertThat(r.end() - r.start()).isEqualTo(40);
      assertThat(Math.floorMod(r.start(), 10L)).isZero();
    });
    assertThat(byWindow(results).values().stream().mapToLong(Long::longValue).sum()).as("each record is in 4 windows")
        .isEqualTo(4 * count);
  }

  /** Processing-time sessions (an aggregate's, which hold their accumulators, and a full-window function's) fire every record once. */
  @ParameterizedTest(name = "{0} state, {1}")
  @CsvSource({"heap, aggregate", "rocksdb, aggregate", "heap, process"})
  void processingTimeSessionsCountEveryRecordOnce(String backend, String function) {
    long count = 2_000;
    List<WindowResult<Long, Long>> results = run(backend, 2, "--count", "" + count, "--rate", "4000", "--windows",
        "session", "--time", "processing", "--function", function, "--gap", "20");

    assertThat(results).isNotEmpty().allSatisfy(r -> assertThat(r.end() - r.start()).isGreaterThanOrEqualTo(20));
    assertThat(byWindow(results).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(count);
  }

  @ParameterizedTest(name = "{0} state")
  @CsvSource({"heap", "rocksdb"})
  void processingTimeWindowsCountEveryRecordOnceInWindowsAlignedToTheirSize(String backend) {
    long count = 2_000;
    List<WindowResult<Long, Long>> results = run(backend, 2, "--count", "" + count, "--rate", "4000", "--windows",
        "tumbling", "--time", "processing", "--function", "aggregate", "--size", "50");

    Map<String, Long> windows = byWindow(results);
    assertThat(windows.size()).as("the records spread over many windows").isGreaterThan(KEYS * 5);
    assertThat(results).allSatisfy(r -> {
      assertThat(r.end() - r.start()).isEqualTo(50);
      assertThat(Math.floorMod(r.start(), 50L)).isZero();
    });
    assertThat(windows.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(count);
  }
}

package io.weir.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.weir.cluster.ClusterMaps;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UpsertMapSinkTest {
  private static Vertx vertx;
  private static final ClusterMaps maps = new ClusterMaps.InMemory();

  @BeforeAll
  static void installMaps() {
    vertx = Vertx.vertx();
    ClusterMaps.install(vertx, maps);
  }

  @AfterAll
  static void closeVertx() throws Exception {
    ClusterMaps.uninstall(vertx);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A word count's running totals: record n says word (n mod 37) has count n / 37 + 1. */
  private record Count(String word, long count) {
  }

  private static Count record(long n) {
    return new Count("word-" + n % 37, n / 37 + 1);
  }

  private static UpsertMapSink<Count> sink(String map) {
    return new UpsertMapSink<>(map, Count::word, Count::count);
  }

  private static void write(SinkWriter<Count> w, long from, long to) throws Exception {
    for (long n = from; n < to; n++) {
      w.write(record(n));
    }
  }

  private static Map<String, Object> contents(String map) {
    Map<String, Object> decoded = new TreeMap<>();
    for (String key : maps.keys(map, "")) {
      decoded.put(key, UpsertMapSink.decode(maps.get(map, key)));
    }
    return decoded;
  }

  @Test
  void replayingTheSameRecordsLeavesTheSameMap() throws Exception {
    SinkWriter<Count> once = sink("weir.test-once").createWriter(new TestSinkContext(0, 1, 0, vertx));
    write(once, 0, 5_000);
    once.endOfInput();
    once.close();

    SinkWriter<Count> crashed = sink("weir.test-replayed").createWriter(new TestSinkContext(0, 1, 0, vertx));
    write(crashed, 0, 2_000);
    crashed.snapshot(1);
    write(crashed, 2_000, 3_500); // written past the checkpoint, then the job fails
    crashed.close();
    SinkWriter<Count> restored = sink("weir.test-replayed").createWriter(new TestSinkContext(0, 1, 1, vertx));
    restored.restore(List.of());
    write(restored, 2_000, 5_000); // the source replays from the checkpoint
    restored.endOfInput();
    restored.close();

    assertThat(contents("weir.test-replayed")).isEqualTo(contents("weir.test-once")).hasSize(37);
    Map<String, Object> expected = new TreeMap<>();
    LongStream.range(0, 5_000).mapToObj(UpsertMapSinkTest::record).forEach(c -> expected.put(c.word(), c.count()));
    assertThat(contents("weir.test-once")).isEqualTo(expected);
  }

  @Test
  void snapshotMakesEverythingWrittenBeforeItVisible() throws Exception {
    SinkWriter<Count> w = sink("weir.test-snapshot").createWriter(new TestSinkContext(0, 1, 0, vertx));
    write(w, 0, 10);

    w.snapshot(1);

    assertThat(contents("weir.test-snapshot")).hasSize(10).containsEntry("word-3", 1L);
    w.close();
  }
}

package io.weir.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded example end to end: a Vert.x application's messages are counted exactly once though a worker dies. */
class EventBusAppTest {
  @TempDir
  Path dir;

  @Test
  void everyMessageOfARetryingSenderIsCountedExactlyOnceThoughTheWorkerRunningTheJobIsKilled() throws Exception {
    EventBusApp.Outcome outcome = EventBusApp.run(5, 200, true, dir);
    assertThat(outcome.killed()).isTrue();
    assertThat(outcome.highestCount()).as("each key's count reached 200 and never passed it").hasSize(5)
        .allSatisfy((key, count) -> assertThat(count).isEqualTo(200L));
    assertThat(outcome.exactlyOnce(5, 200)).isTrue();
  }
}

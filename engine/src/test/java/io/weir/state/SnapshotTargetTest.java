package io.weir.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SnapshotTargetTest {
  @Test
  void aSharedFileNameCarriesTheCheckpointItWasUploadedFor() {
    SnapshotTarget target = new SnapshotTarget(null, "job/chk-42", "job/shared", "3-1-a2", 42, false);
    String path = target.sharedFile("000017.sst");

    assertThat(path).startsWith("job/shared/");
    assertThat(SnapshotTarget.checkpointOfSharedFile(path.substring("job/shared/".length()))).hasValue(42);
    assertThat(SnapshotTarget.checkpointOfSharedFile("keyed.state")).isEqualTo(OptionalLong.empty());
    assertThat(SnapshotTarget.checkpointOfSharedFile("3-1-a2-keyed.state")).isEmpty();
  }
}

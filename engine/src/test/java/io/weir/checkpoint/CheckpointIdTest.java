package io.weir.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.checkpoint.storage.StateFile;
import io.weir.serde.Serde;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyedStateHandle;
import io.weir.state.heap.HeapKeyedStateHandle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointIdTest {

  @Test
  void readsAsTheBareNumberInLogLines() {
    assertThat(new CheckpointId(17)).hasToString("17");
    assertThat("checkpoint " + new CheckpointId(17) + " of job x complete").isEqualTo("checkpoint 17 of job x complete");
  }

  @Test
  void theNextIdIsOneMoreAndIdsOrderByNumber() {
    CheckpointId first = new CheckpointId(9);
    assertThat(first.next()).isEqualTo(new CheckpointId(10));
    assertThat(List.of(new CheckpointId(10), new CheckpointId(2), first).stream().sorted().toList())
        .containsExactly(new CheckpointId(2), first, new CheckpointId(10));
  }

  @Test
  void theMetadataFileKeepsTheIdAsAPlainNumber() throws Exception {
    Map<String, List<KeyedStateHandle>> keyed = Map.of("count",
        List.of(new HeapKeyedStateHandle(new KeyGroupRange(0, 127), new StateFile("job/chk-3/f", 10, 99))));
    CheckpointMetadata m = new CheckpointMetadata("job-1", 3, 1234, false, "directory:/tmp/x", keyed, Map.of(), 10, 10);

    byte[] file = m.encode();

    assertThat(new String(file, StandardCharsets.ISO_8859_1)).as("the form existing checkpoints were written in")
        .doesNotContain(CheckpointId.class.getName());
    byte[] components = Serde.toBytes(Arrays.asList("job-1", 3L, 1234L, false, "directory:/tmp/x", keyed, Map.of(), 10L, 10L));
    assertThat(Arrays.copyOfRange(file, 8, file.length - 8)).as("the record's components, the id written as a long")
        .endsWith(Arrays.copyOfRange(components, 2, components.length));
    CheckpointMetadata back = CheckpointMetadata.decode(file, "test");
    assertThat(back.id()).isEqualTo(3);
    assertThat(back.checkpointId()).isEqualTo(new CheckpointId(3));
  }
}

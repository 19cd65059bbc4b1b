package io.weir.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.config.WeirConfig;
import io.weir.state.KeyGroupRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State several times larger than the heap. Surefire runs this class in its own JVM with
 * {@code -Xmx96m} (the {@code small-heap} execution in engine/pom.xml).
 */
@Tag("small-heap")
class RocksDbLargeStateTest {
  private static final int KEYS = 512 * 1024;
  private static final int VALUE_BYTES = 1024;

  @TempDir
  Path tmp;

  private static byte[] valueOf(long key) {
    byte[] bytes = new byte[VALUE_BYTES];
    new SplittableRandom(key * 0x9e3779b97f4a7c15L).nextBytes(bytes);
    return bytes;
  }

  @Test
  void halfAGigabyteOfStateIsWrittenAndReadBackWithAHeapOfLessThan100Megabytes() throws Exception {
    long heap = Runtime.getRuntime().maxMemory();
    long stateBytes = (long) KEYS * VALUE_BYTES;
    assertThat(stateBytes).isGreaterThan(5 * heap);
    RocksDbKeyedStateBackend b = new RocksDbKeyedStateBackend(new KeyGroupRange(0, 127), 128, tmp.resolve("local"),
        WeirConfig.defaults().state().rocksdb(), true);
    try {
      ValueState<byte[]> value = b.valueState(new ValueStateDescriptor<>("blob"));
      for (long k = 0; k < KEYS; k++) {
        b.setCurrentKey(k);
        value.update(valueOf(k));
      }
      b.compact();
      long onDisk;
      try (Stream<Path> files = Files.walk(tmp.resolve("local"))) {
        onDisk = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      assertThat(onDisk).as("bytes on disk (random values do not compress)").isGreaterThan(stateBytes);
      for (long k = KEYS - 1; k >= 0; k--) {
        b.setCurrentKey(k);
        assertThat(value.value()).as("value of key %s", k).isEqualTo(valueOf(k));
      }
      b.setCurrentKey((long) KEYS);
      assertThat(value.value()).isNull();
    } finally {
      b.close();
    }
  }
}

package io.weir.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.cluster.ClusterMaps;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterMapCheckpointStorageTest extends CheckpointStorageContract {
  private static final int MIB = 1 << 20;
  private static final String MAP = "weir.checkpoints";

  private final ClusterMaps maps = new ClusterMaps.InMemory();
  private final ClusterMapCheckpointStorage storage = new ClusterMapCheckpointStorage(maps, MAP);

  @Override
  boolean maps() {
    return false;
  }

  @Override
  CheckpointStorage storage() {
    return storage;
  }

  /** The map key of the chunk holding byte {@code offset} of a file (chunks of 1 MiB under {@code <path>#<n>}). */
  private static String chunkKey(StateFile file, long offset) {
    return file.path() + "#" + offset / MIB;
  }

  @Override
  void flipByte(StateFile file, long offset) {
    String key = chunkKey(file, offset);
    byte[] chunk = maps.get(MAP, key).clone();
    chunk[(int) (offset % MIB)] ^= 0x01;
    maps.set(MAP, key, chunk);
  }

  @Override
  void truncate(StateFile file, long length) {
    long chunks = Math.max(1, (file.size() + MIB - 1) / MIB);
    for (long c = 0; c < chunks; c++) {
      long start = c * MIB;
      String key = file.path() + "#" + c;
      if (length <= start && c > 0) {
        maps.delete(MAP, key);
      } else if (length < start + MIB) {
        byte[] chunk = maps.get(MAP, key);
        maps.set(MAP, key, Arrays.copyOf(chunk, (int) Math.min(chunk.length, length - start)));
      }
    }
  }

  @Override
  void append(StateFile file) {
    long last = Math.max(0, (file.size() - 1) / MIB);
    String key = file.path() + "#" + last;
    byte[] chunk = maps.get(MAP, key);
    byte[] longer = Arrays.copyOf(chunk, chunk.length + 1);
    maps.set(MAP, key, longer);
  }

  private long chunksStored(StateFile file) {
    return maps.keys(MAP, file.path() + "#").size();
  }

  @ParameterizedTest
  @ValueSource(ints = {MIB - 1, MIB, MIB + 1, 2 * MIB + 5})
  void filesAroundTheChunkBoundaryAreStoredInWholeChunksAndReadBack(int size) throws IOException {
    byte[] content = randomBytes(size, size);

    StateFile file = write("job/chk-1/big", content);

    assertThat(chunksStored(file)).isEqualTo((size + MIB - 1) / MIB);
    assertThat(readAll(storage, file)).isEqualTo(content);
    storage.checkPresent(file);
  }

  @Test
  void chunksAreAtMostOneMebibyte() throws IOException {
    StateFile file = write("job/chk-1/big", randomBytes(2 * MIB + 5, 20));

    assertThat(maps.get(MAP, "job/chk-1/big#0")).hasSize(MIB);
    assertThat(maps.get(MAP, "job/chk-1/big#1")).hasSize(MIB);
    assertThat(maps.get(MAP, "job/chk-1/big#2")).hasSize(5);
    assertThat(storage.list("job/chk-1")).as("a chunked file is listed once").containsExactly("big");
    storage.delete(file.path());
    assertThat(maps.size(MAP)).isZero();
  }

  @Test
  void flippedByteInALaterChunkIsDetected() throws IOException {
    StateFile file = write("job/chk-1/big", randomBytes(MIB + 100, 21));
    flipByte(file, MIB + 50);

    assertThatThrownBy(() -> readAll(storage, file)).isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("job/chk-1/big").hasMessageContaining("checksum");
  }

  @Test
  void missingMiddleChunkIsDetected() throws IOException {
    StateFile file = write("job/chk-1/big", randomBytes(2 * MIB + 5, 22));
    maps.delete(MAP, "job/chk-1/big#1");

    assertThatThrownBy(() -> readAll(storage, file)).isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("job/chk-1/big").hasMessageContaining("partial");
  }

  @Test
  void uriNamesTheMap() {
    assertThat(storage.uri()).isEqualTo("imap:" + MAP);
  }
}

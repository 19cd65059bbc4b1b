package io.weir.state.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.api.state.ListStateDescriptor;
import io.weir.api.state.MapStateDescriptor;
import io.weir.api.state.ReducingStateDescriptor;
import io.weir.api.state.StateTtlConfig;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.checkpoint.storage.StateFile;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyedStateHandle;
import io.weir.state.StateBackendKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heap snapshot file keeps its format: the bytes a fixed state is written as, and restoring from them. */
class HeapSnapshotFileTest {
  private static final int MAX_PARALLELISM = 8;
  private static final KeyGroupRange ALL = new KeyGroupRange(0, MAX_PARALLELISM - 1);

  /** Format version 2, as Weir wrote {@link #fill}'s state before the heap backend was split into classes. */
  private static final String VERSION_2 = "V0VJUgAAAAIAAAAAAAAABwAAAAYABnVudXNlZAAABWNvdW50AAAFbGFiZWwAAAZldmVudHMBAAhfX3RpbWVycwIAA3N1bQMAAAAB"
      + "AAAALwACAAEGATwDdGV49AEBAQABBgNrswEAAQYKAgNlswNmswEAAQYLAQHWDwUBAQYGAAAABgAAAFwAAwEAAAIUCmQDAAEAA2uw"
      + "AQIDa7EBCgNrtQMAAQAKAgNlsANmsAECCgIDZbEDZrEBCgoCA2W1A2a1AwABAAsBAdAPBQECCwEB0g8FAQoLAQHaDwUDAQAAAgIK"
      + "CgAAAAcAAABBAAIBBCgIUAIAAQQDa7IBCANrtAIAAQQKAgNlsgNmsgEICgIDZbQDZrQCAAEECwEB1A8FAQgLAQHYDwUCAQQECAj/"
      + "////";

  @TempDir
  Path tmp;

  /** Every kind of state, with a long-layout map (count), a general one (label) and an empty state (unused). */
  private static void fill(HeapKeyedStateBackend b) {
    b.valueState(new ValueStateDescriptor<Long>("unused"));
    for (long k = 0; k < 6; k++) {
      b.setCurrentKey(k);
      b.valueState(new ValueStateDescriptor<Long>("count")).update(k * 10);
      b.valueState(new ValueStateDescriptor<String>("label")).update("k" + k);
      var events = b.listState(new ListStateDescriptor<String>("events"));
      events.add("e" + k);
      events.add("f" + k);
      b.mapState(new MapStateDescriptor<Long, Boolean>("__timers")).put(1000 + k, true);
      b.reducingState(new ReducingStateDescriptor<Long>("sum", Long::sum)).add(k);
    }
    b.setCurrentKey("text");
    b.valueState(new ValueStateDescriptor<Long>("count")).update(-1L);
  }

  @Test
  void aSnapshotIsWrittenInFormatVersion2ByteForByte() throws Exception {
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp);
    try (HeapKeyedStateBackend b = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM)) {
      fill(b);
      KeyedStateHandle handle = StateBackendKind.snapshot(b, StateBackendKind.target(storage, "job", 1, 0));
      byte[] written = Files.readAllBytes(storage.root().resolve(handle.files().get(0).path()));
      assertThat(Base64.getEncoder().encodeToString(written)).isEqualTo(VERSION_2);
    }
  }

  @Test
  void aVersion2FileRestoresEveryKindOfState() throws Exception {
    verifyRestored(Base64.getDecoder().decode(VERSION_2));
  }

  @Test
  void aVersion3FileOfStatesWithoutTimeToLiveRestoresAsItsVersion2Original() throws Exception {
    verifyRestored(asVersion3(Base64.getDecoder().decode(VERSION_2), "none", 0));
  }

  @Test
  void aFileWhoseTimeToLiveDoesNotMatchItsValuesFailsNamingTheStateAndTheFile() throws Exception {
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp);
    byte[] file = asVersion3(Base64.getDecoder().decode(VERSION_2), "label", 100);
    StateFile written = storage.write("bad/keyed.state", out -> out.write(file));
    try (HeapKeyedStateBackend b = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM)) {
      assertThatThrownBy(() -> b.restore(List.of(new HeapKeyedStateHandle(ALL, written)), storage))
          .isInstanceOf(CorruptCheckpointException.class)
          .hasMessageContaining("bad/keyed.state").hasMessageContaining("state 'label'");
    }
  }

  /** A version 2 file as version 3: the same, with a time-to-live after each state's kind ({@code ttl} for {@code state}, else 0). */
  private static byte[] asVersion3(byte[] version2, String state, long ttl) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(version2));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(in.readInt());
    assertThat(in.readInt()).isEqualTo(2);
    out.writeInt(3);
    out.writeInt(in.readInt());
    out.writeInt(in.readInt());
    int count = in.readInt();
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      out.writeUTF(name);
      out.writeByte(in.readByte());
      out.writeLong(name.equals(state) ? ttl : 0);
    }
    out.write(in.readAllBytes());
    return bytes.toByteArray();
  }

  private void verifyRestored(byte[] file) throws Exception {
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp);
    StateFile written = storage.write("old/keyed.state", out -> out.write(file));
    HeapKeyedStateHandle handle = new HeapKeyedStateHandle(ALL, written);
    try (HeapKeyedStateBackend b = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM)) {
      b.restore(List.of(handle), storage);
      for (long k = 0; k < 6; k++) {
        b.setCurrentKey(k);
        assertThat(b.valueState(new ValueStateDescriptor<Long>("count")).value()).isEqualTo(k * 10);
        assertThat(b.valueState(new ValueStateDescriptor<String>("label")).value()).isEqualTo("k" + k);
        assertThat(b.listState(new ListStateDescriptor<String>("events")).get()).containsExactly("e" + k, "f" + k);
        assertThat(b.mapState(new MapStateDescriptor<Long, Boolean>("__timers")).entries()).isEqualTo(Map.of(1000 + k, true));
        assertThat(b.reducingState(new ReducingStateDescriptor<Long>("sum", Long::sum)).get()).isEqualTo(k);
      }
      b.setCurrentKey("text");
      assertThat(b.valueState(new ValueStateDescriptor<Long>("count")).value()).isEqualTo(-1L);
      assertThat(b.keyCount()).isEqualTo(6 * 5 + 1);
    }
  }

  @Test
  void aSnapshotWithATimeToLiveStateIsWrittenInVersion3NamingEachStatesTimeToLive() throws Exception {
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp);
    long[] now = {0};
    try (HeapKeyedStateBackend b = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM, () -> now[0])) {
      ValueStateDescriptor<String> expiring = new ValueStateDescriptor<>("expiring");
      expiring.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(250)).build());
      b.setCurrentKey(1L);
      b.valueState(expiring).update("x");
      b.valueState(new ValueStateDescriptor<Long>("plain")).update(5L);
      KeyedStateHandle handle = StateBackendKind.snapshot(b, StateBackendKind.target(storage, "job", 1, 0));
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(
          Files.readAllBytes(storage.root().resolve(handle.files().get(0).path()))));
      assertThat(in.readInt()).isEqualTo(HeapSnapshotFile.MAGIC);
      assertThat(in.readInt()).isEqualTo(3);
      assertThat(in.readInt()).isZero();
      assertThat(in.readInt()).isEqualTo(MAX_PARALLELISM - 1);
      assertThat(in.readInt()).isEqualTo(2);
      assertThat(in.readUTF()).isEqualTo("expiring");
      assertThat(in.readByte()).isEqualTo((byte) 0);
      assertThat(in.readLong()).isEqualTo(250);
      assertThat(in.readUTF()).isEqualTo("plain");
      assertThat(in.readByte()).isEqualTo((byte) 0);
      assertThat(in.readLong()).isZero();
    }
  }

  @Test
  void aFileOfAnUnknownVersionFailsNamingTheFileAndTheVersionsThisWeirReads() throws Exception {
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp);
    byte[] file = Base64.getDecoder().decode(VERSION_2);
    file[7] = 9;
    StateFile written = storage.write("future/keyed.state", out -> out.write(file));
    try (HeapKeyedStateBackend b = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM)) {
      assertThatThrownBy(() -> b.restore(List.of(new HeapKeyedStateHandle(ALL, written)), storage))
          .isInstanceOf(CorruptCheckpointException.class)
          .hasMessageContaining("future/keyed.state").hasMessageContaining("version 9").hasMessageContaining("2 and 3");
    }
  }
}

package io.weir.state.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import io.weir.api.state.ListStateDescriptor;
import io.weir.api.state.MapStateDescriptor;
import io.weir.api.state.ReducingStateDescriptor;
import io.weir.api.state.StateTtlConfig;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.checkpoint.storage.StateFile;
import io.weir.serde.Serde;
import io.weir.serde.ValueWriter;
import io.weir.state.AsyncSnapshot;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyGroups;
import io.weir.state.KeyedStateHandle;
import io.weir.state.StateBackendKind;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heap restore leaves large values encoded until their key is read: every kind of state still
 * reads back what was written, snapshots taken before the values are read keep them, a restore of
 * a part of the key groups works, and corrupt files still fail at the restore. The files are mapped
 * into memory here ({@link HeapStreamRestoreTest}: read through a stream).
 */
class HeapLazyRestoreTest {
  private static final int MAX_PARALLELISM = 16;
  private static final KeyGroupRange ALL = new KeyGroupRange(0, MAX_PARALLELISM - 1);
  private static final int KEYS = 200;
  /** The states whose values a restore leaves encoded (plain values of 64 bytes or more, no time-to-live). */
  private static final int ENCODED_STATES = 5;
  private static final StateTtlConfig TTL = StateTtlConfig.newBuilder(Duration.ofHours(1)).build();

  record Point(long x, String label) {
  }

  @TempDir
  Path tmp;
  private DirectoryCheckpointStorage directory;
  private CheckpointStorage storage;
  private final long[] now = {1_000};

  @BeforeEach
  void setUp() {
    directory = new DirectoryCheckpointStorage(tmp);
    storage = storageFor(directory);
  }

  /** The storage the snapshots go to: the directory itself, which maps its files to restore them. */
  CheckpointStorage storageFor(DirectoryCheckpointStorage directory) {
    return directory;
  }

  private HeapKeyedStateBackend backend(KeyGroupRange range) {
    return new HeapKeyedStateBackend(range, MAX_PARALLELISM, () -> now[0]);
  }

  private static ValueStateDescriptor<byte[]> blob() {
    return new ValueStateDescriptor<>("blob");
  }

  private static ValueStateDescriptor<String> text() {
    return new ValueStateDescriptor<>("text");
  }

  private static ListStateDescriptor<String> events() {
    return new ListStateDescriptor<>("events");
  }

  private static MapStateDescriptor<Long, String> attributes() {
    return new MapStateDescriptor<>("attributes");
  }

  private static ReducingStateDescriptor<String> joined() {
    return new ReducingStateDescriptor<>("joined", String::concat);
  }

  private static ValueStateDescriptor<Long> count() {
    return new ValueStateDescriptor<>("count");
  }

  private static ValueStateDescriptor<Point> point() {
    return new ValueStateDescriptor<>("point");
  }

  private static ValueStateDescriptor<String> expiringText() {
    ValueStateDescriptor<String> d = new ValueStateDescriptor<>("expiring-text");
    d.enableTimeToLive(TTL);
    return d;
  }

  private static ListStateDescriptor<String> expiringEvents() {
    ListStateDescriptor<String> d = new ListStateDescriptor<>("expiring-events");
    d.enableTimeToLive(TTL);
    return d;
  }

  private static byte[] blobOf(long k) {
    byte[] bytes = new byte[100 + (int) k % 7];
    Arrays.fill(bytes, (byte) k);
    return bytes;
  }

  private static String textOf(long k) {
    return ("\u00e9t\u00e9 " + k + " ").repeat(12);
  }

  private static String eventOf(long k, int i) {
    return "event " + i + " of key " + k + " ".repeat(20);
  }

  /** Every kind of state for {@code k}: five that a restore leaves encoded, and ones it decodes (small, a record, a time-to-live). */
  private static void fill(HeapKeyedStateBackend b, long k) {
    b.setCurrentKey(k);
    b.valueState(blob()).update(blobOf(k));
    b.valueState(text()).update(textOf(k));
    for (int i = 0; i < 3; i++) {
      b.listState(events()).add(eventOf(k, i));
    }
    b.mapState(attributes()).put(k, textOf(k + 1));
    b.mapState(attributes()).put(-k - 1, "small");
    b.reducingState(joined()).add(textOf(k));
    b.reducingState(joined()).add("!");
    b.valueState(count()).update(k * 3);
    b.valueState(point()).update(new Point(k, textOf(k)));
    b.valueState(expiringText()).update(textOf(k));
    b.listState(expiringEvents()).add(eventOf(k, 9));
  }

  private static void verify(HeapKeyedStateBackend b, long k) {
    b.setCurrentKey(k);
    assertThat(b.valueState(blob()).value()).as("key %d", k).containsExactly(blobOf(k));
    assertThat(b.valueState(text()).value()).isEqualTo(textOf(k));
    assertThat(b.listState(events()).get()).containsExactly(eventOf(k, 0), eventOf(k, 1), eventOf(k, 2));
    assertThat(b.mapState(attributes()).entries()).isEqualTo(Map.of(k, textOf(k + 1), -k - 1, "small"));
    assertThat(b.reducingState(joined()).get()).isEqualTo(textOf(k) + "!");
    assertThat(b.valueState(count()).value()).isEqualTo(k * 3);
    assertThat(b.valueState(point()).value()).isEqualTo(new Point(k, textOf(k)));
    assertThat(b.valueState(expiringText()).value()).isEqualTo(textOf(k));
    assertThat(b.listState(expiringEvents()).get()).containsExactly(eventOf(k, 9));
  }

  private KeyedStateHandle filledSnapshot() throws Exception {
    try (HeapKeyedStateBackend b = backend(ALL)) {
      for (long k = 0; k < KEYS; k++) {
        fill(b, k);
      }
      return StateBackendKind.snapshot(b, StateBackendKind.target(storage, "job", 1, 0));
    }
  }

  private HeapKeyedStateBackend restored(KeyGroupRange range, KeyedStateHandle handle) throws Exception {
    HeapKeyedStateBackend b = backend(range);
    b.restore(List.of(handle), storage);
    return b;
  }

  @Test
  void aRestoreLeavesLargePlainValuesEncodedAndEveryKindOfStateReadsBack() throws Exception {
    try (HeapKeyedStateBackend b = restored(ALL, filledSnapshot())) {
      assertThat(b.encodedValueCount()).isEqualTo((long) KEYS * ENCODED_STATES);
      for (long k = 0; k < KEYS; k++) {
        verify(b, k);
      }
      assertThat(b.encodedValueCount()).as("every value read is decoded and kept").isZero();
    }
  }

  @Test
  void aValueIsDecodedOnceAndItsDecodedFormStays() throws Exception {
    try (HeapKeyedStateBackend b = restored(ALL, filledSnapshot())) {
      b.setCurrentKey(7L);
      String first = b.valueState(text()).value();
      b.setCurrentKey(8L);
      b.valueState(text()).value();
      b.setCurrentKey(7L);
      assertThat(b.valueState(text()).value()).isSameAs(first);
      b.listState(events()).add("appended to the decoded list");
      assertThat(b.listState(events()).get()).hasSize(4).endsWith("appended to the decoded list");
      assertThat(b.encodedValueCount()).isEqualTo((long) KEYS * ENCODED_STATES - 3);
    }
  }

  @Test
  void aSnapshotTakenWhileValuesAreStillEncodedKeepsThemAndTheChangesMadeBefore() throws Exception {
    try (HeapKeyedStateBackend b = restored(ALL, filledSnapshot())) {
      for (long k = 0; k < KEYS; k += 3) {
        b.setCurrentKey(k);
        b.valueState(text()).update("changed " + k);
        b.listState(events()).add("more");
      }
      AsyncSnapshot snapshot = b.snapshot(StateBackendKind.target(storage, "job", 2, 0));
      for (long k = 1; k < KEYS; k += 3) { // decoded while the snapshot is being written: its copy is not changed
        b.setCurrentKey(k);
        b.valueState(text()).value();
        b.valueState(text()).update("after the snapshot");
      }
      long encodedBefore = b.encodedValueCount();
      KeyedStateHandle second = snapshot.write();
      assertThat(b.encodedValueCount()).as("the snapshot writes encoded values as they are").isEqualTo(encodedBefore);
      try (HeapKeyedStateBackend again = restored(ALL, second)) {
        for (long k = 0; k < KEYS; k++) {
          again.setCurrentKey(k);
          List<String> expectedEvents = k % 3 == 0
              ? List.of(eventOf(k, 0), eventOf(k, 1), eventOf(k, 2), "more")
              : List.of(eventOf(k, 0), eventOf(k, 1), eventOf(k, 2));
          assertThat(again.listState(events()).get()).as("key %d", k).isEqualTo(expectedEvents);
          assertThat(again.valueState(text()).value()).isEqualTo(k % 3 == 0 ? "changed " + k : textOf(k));
          assertThat(again.valueState(blob()).value()).containsExactly(blobOf(k));
          assertThat(again.mapState(attributes()).get(k)).isEqualTo(textOf(k + 1));
          assertThat(again.reducingState(joined()).get()).isEqualTo(textOf(k) + "!");
          assertThat(again.valueState(expiringText()).value()).isEqualTo(textOf(k));
        }
      }
    }
  }

  @Test
  void aRestoreOfPartOfTheKeyGroupsReadsBackTheKeysOfThatPart() throws Exception {
    KeyedStateHandle handle = filledSnapshot();
    KeyGroupRange[] halves = {new KeyGroupRange(0, 7), new KeyGroupRange(8, MAX_PARALLELISM - 1)};
    long keys = 0;
    for (KeyGroupRange half : halves) {
      try (HeapKeyedStateBackend b = restored(half, handle)) {
        int inRange = 0;
        for (long k = 0; k < KEYS; k++) {
          if (half.contains(KeyGroups.assign(k, MAX_PARALLELISM))) {
            verify(b, k);
            inRange++;
          }
        }
        assertThat(inRange).isPositive();
        assertThat(b.encodedValueCount()).isZero();
        keys += b.keyCount();
      }
    }
    try (HeapKeyedStateBackend whole = restored(ALL, handle)) {
      assertThat(keys).isEqualTo(whole.keyCount());
    }
  }

  @Test
  void aStateRestoredWithoutATimeToLiveAndDeclaredWithOneReadsBackItsEncodedValues() throws Exception {
    try (HeapKeyedStateBackend b = restored(ALL, filledSnapshot())) {
      ValueStateDescriptor<String> withTtl = text();
      withTtl.enableTimeToLive(TTL);
      for (long k = 0; k < KEYS; k++) {
        b.setCurrentKey(k);
        assertThat(b.valueState(withTtl).value()).isEqualTo(textOf(k));
      }
    }
  }

  @Test
  void aCorruptByteInAnEncodedValueFailsTheRestoreNamingTheFile() throws Exception {
    KeyedStateHandle handle = filledSnapshot();
    StateFile file = handle.files().get(0);
    Path path = directory.root().resolve(file.path());
    byte[] bytes = Files.readAllBytes(path);
    byte[] marker = blobOf(5);
    int at = indexOf(bytes, marker);
    assertThat(at).as("key 5's blob is in the file").isPositive();
    bytes[at + 50] ^= 0x5a; // inside the blob: a value the restore leaves encoded
    Files.write(path, bytes);
    assertThatThrownBy(() -> restored(ALL, handle)).isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining(file.path()).hasMessageContaining("checksum");
  }

  @Test
  void aTruncatedFileFailsTheRestoreNamingTheFile() throws Exception {
    KeyedStateHandle handle = filledSnapshot();
    StateFile file = handle.files().get(0);
    Path path = directory.root().resolve(file.path());
    byte[] bytes = Files.readAllBytes(path);
    Files.write(path, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> restored(ALL, handle)).isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining(file.path());
  }

  @Test
  void anEncodedValueCutShortInsideItsKeyGroupFailsTheRestoreEvenWithAMatchingChecksum() throws Exception {
    Output payload = new Output(256, -1);
    payload.writeVarInt(1, true); // one entry
    payload.writeByte(HeapSnapshotFile.VALUE_ENTRIES);
    ValueWriter w = Serde.writer(payload);
    w.write("key");
    w.write(new byte[200]);
    int whole = payload.position();
    KeyedStateHandle handle = handwritten("cut/keyed.state", payload.getBuffer(), whole - 100);
    assertThatThrownBy(() -> restored(ALL, handle)).isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("cut/keyed.state").hasMessageContaining("cannot be decoded");
  }

  @Test
  void bytesLeftAfterAKeyGroupsEntriesFailTheRestore() throws Exception {
    Output payload = new Output(256, -1);
    payload.writeVarInt(1, true);
    payload.writeByte(HeapSnapshotFile.VALUE_ENTRIES);
    ValueWriter w = Serde.writer(payload);
    w.write("key");
    w.write(new byte[200]);
    payload.writeBytes(new byte[] {1, 2, 3});
    KeyedStateHandle handle = handwritten("long/keyed.state", payload.getBuffer(), payload.position());
    assertThatThrownBy(() -> restored(ALL, handle)).isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("long/keyed.state").hasMessageContaining("3 bytes after its entries");
  }

  /** A version 2 file of one value state ("v") whose key group 3 is {@code length} bytes of {@code payload}, with a true checksum. */
  private KeyedStateHandle handwritten(String name, byte[] payload, int length) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(HeapSnapshotFile.MAGIC);
    out.writeInt(HeapSnapshotFile.VERSION_WITHOUT_TTL);
    out.writeInt(ALL.start());
    out.writeInt(ALL.end());
    out.writeInt(1);
    out.writeUTF("v");
    out.writeByte(0);
    out.writeInt(3);
    out.writeInt(length);
    out.write(payload, 0, length);
    out.writeInt(-1);
    StateFile file = storage.write(name, o -> o.write(bytes.toByteArray()));
    return new HeapKeyedStateHandle(ALL, file);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}

package io.weir.state.heap;

import com.esotericsoftware.kryo.io.ByteBufferInputStream;
import com.esotericsoftware.kryo.io.Output;
import io.weir.api.state.StateDescriptor;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.serde.Serde;
import io.weir.serde.ValueWriter;
import io.weir.state.KeyGroupRange;
import io.weir.state.SnapshotTarget;
import io.weir.state.ttl.TtlValues;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The heap backend's snapshot file ({@code <file prefix>-keyed.state} in the checkpoint's folder),
 * format version 3 when a state has a time-to-live, else version 2 (the same without the
 * time-to-live field). Numbers are big-endian {@code int}s unless said otherwise:
 * <pre>
 * header     magic 0x57454952 ("WEIR"), version 2 or 3, first key group, last key group, state count
 * states     per state: name (DataOutput UTF), kind (1 byte: StateDescriptor.Kind ordinal),
 *            in version 3 the time-to-live in ms (a long; 0: none)
 * key groups per key group holding any entry, in order: key group, payload length, payload
 * end        -1
 * payload    per state, in the header's order: entry count (Kryo varint); when not 0 a layout byte,
 *            then the entries: layout 1, key and value as raw Kryo varlongs; layout 0, key and value
 *            as Serde values (one Serde session per key group)
 * </pre>
 * A state with a time-to-live has values (list elements, map values) that are {@code TtlValue}
 * records (value, last access); the entries that had expired when the snapshot was taken are not
 * written. A restore reads only the key groups of its own range and skips the others by their
 * length, and converts entries to the time-to-live the state has now ({@link TtlValues}); it
 * leaves large values encoded until their key is read ({@link KeyGroupReader}).
 */
final class HeapSnapshotFile {
  static final int MAGIC = 0x57454952;
  static final int VERSION = 3;
  static final int VERSION_WITHOUT_TTL = 2;
  static final byte LONG_ENTRIES = 1;
  static final byte VALUE_ENTRIES = 0;
  private static final int READ_PIECE = 1 << 16;

  /** One state as a snapshot captured it: its key groups' maps, which no write changes any more. */
  record Section(String name, StateDescriptor.Kind kind, long ttl, StateMap[] groups) {
  }

  private HeapSnapshotFile() {
  }

  /** Writes the captured states of the key groups {@code range}, as of processing time {@code now}, to the target's storage. */
  static HeapKeyedStateHandle write(SnapshotTarget target, KeyGroupRange range, List<Section> sections, long now)
      throws IOException {
    var file = target.storage().write(target.file(io.weir.checkpoint.storage.CheckpointLayout.HEAP_KEYED_STATE),
        out -> write(new DataOutputStream(out), range, sections, now));
    return new HeapKeyedStateHandle(range, file);
  }

  private static void write(DataOutputStream out, KeyGroupRange range, List<Section> sections, long now)
      throws IOException {
    boolean ttl = sections.stream().anyMatch(s -> s.ttl() > 0);
    out.writeInt(MAGIC);
    out.writeInt(ttl ? VERSION : VERSION_WITHOUT_TTL);
    out.writeInt(range.start());
    out.writeInt(range.end());
    out.writeInt(sections.size());
    for (Section s : sections) {
      out.writeUTF(s.name());
      out.writeByte(s.kind().ordinal());
      if (ttl) {
        out.writeLong(s.ttl());
      }
    }
    Output payload = new Output(1 << 16, -1);
    for (int g = 0; g < range.size(); g++) {
      payload.reset();
      ValueWriter w = Serde.writer(payload);
      boolean any = false;
      for (Section s : sections) {
        StateMap m = s.groups()[g];
        if (s.ttl() > 0) {
          any |= writeUnexpired(payload, w, m, s, now);
          continue;
        }
        int n = m == null ? 0 : m.size();
        payload.writeVarInt(n, true);
        if (n > 0) {
          any = true;
          if (m.longLayout()) {
            payload.writeByte(LONG_ENTRIES);
            m.forEachLong((key, value) -> {
              payload.writeVarLong(key, false);
              payload.writeVarLong(value, false);
            });
          } else {
            payload.writeByte(VALUE_ENTRIES);
            m.forEach((key, value) -> {
              w.write(key);
              if (value instanceof SerializedValue pending) {
                pending.writeTo(payload); // restored and never read since: its bytes as they were
              } else {
                w.write(value);
              }
            });
          }
        }
      }
      if (any) {
        out.writeInt(range.start() + g);
        out.writeInt(payload.position());
        out.write(payload.getBuffer(), 0, payload.position());
      }
    }
    out.writeInt(-1);
    out.flush();
  }

  /** Writes the entries of {@code m} (of a state with a time-to-live) that have not expired at {@code now}. */
  private static boolean writeUnexpired(Output payload, ValueWriter w, StateMap m, Section s, long now) {
    List<Object> left = new ArrayList<>();
    if (m != null) {
      TtlValues.Shape shape = TtlValues.Shape.onHeap(s.kind());
      m.forEach((key, value) -> {
        Object v = TtlValues.convert(value, shape, s.ttl(), s.ttl(), now);
        if (v != TtlValues.GONE) {
          left.add(key);
          left.add(v);
        }
      });
    }
    payload.writeVarInt(left.size() / 2, true);
    if (left.isEmpty()) {
      return false;
    }
    payload.writeByte(VALUE_ENTRIES);
    for (Object o : left) {
      w.write(o);
    }
    return true;
  }

  /** The table of a state a file holds, by name, kind and the time-to-live it was kept with. */
  @FunctionalInterface
  interface Tables {
    StateTable forRestore(String name, StateDescriptor.Kind kind, long ttl);
  }

  /** What a restore read: key groups, entries, and the entries whose values were left encoded ({@link SerializedValue}). */
  record Restored(int keyGroups, long entries, long encoded) {
  }

  /**
   * Reads the entries of the key groups in {@code range} from {@code handle}'s file into the tables
   * {@code tables} gives (created when the backend has none yet), converted at processing time
   * {@code now} to each table's time-to-live. The whole file is checksummed before its entries are
   * used; it is read in place when the storage maps it ({@link CheckpointStorage#map}), else read
   * into the heap. The values of states without a time-to-live that name no class and take
   * {@value KeyGroupReader#MIN_ENCODED_BYTES} bytes or more are left encoded, in their key group's
   * payload, until their key is read.
   */
  static Restored read(HeapKeyedStateHandle handle, CheckpointStorage storage, KeyGroupRange range, Tables tables,
      long now) throws IOException {
    String where = "state file " + handle.file().path();
    Optional<ByteBuffer> mapped = storage.map(handle.file());
    if (mapped.isPresent()) {
      ByteBuffer file = mapped.get();
      return read(new DataInputStream(new ByteBufferInputStream(file)), (length, own) -> {
        ByteBuffer payload = file.slice(file.position(), length);
        file.position(file.position() + length);
        return payload;
      }, where, range, tables, now);
    }
    try (InputStream raw = storage.open(handle.file())) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(raw, READ_PIECE));
      return read(in, new ReadPayloads(in), where, range, tables, now);
    } catch (CorruptCheckpointException e) {
      throw checksumFailureOr(e);
    }
  }

  /** The next {@code length} bytes of the file, as a buffer from index 0; {@code own}: not shared with the next payload. */
  @FunctionalInterface
  private interface Payloads {
    ByteBuffer next(int length, boolean own) throws IOException;
  }

  /** Payloads read from a stream into the heap. */
  private static final class ReadPayloads implements Payloads {
    private final DataInputStream in;
    private byte[] shared = new byte[1 << 16];

    ReadPayloads(DataInputStream in) {
      this.in = in;
    }

    /**
     * A payload that may keep encoded values is theirs alone (a large array: G1 allocates it outside
     * the young generation and never copies it); otherwise one buffer serves every key group.
     */
    @Override
    public ByteBuffer next(int length, boolean own) throws IOException {
      byte[] payload = own || shared.length < length ? new byte[length] : shared;
      if (!own) {
        shared = payload;
      }
      for (int at = 0; at < length; at += READ_PIECE) { // each piece is copied and checksummed while in the CPU's cache
        in.readFully(payload, at, Math.min(READ_PIECE, length - at));
      }
      return ByteBuffer.wrap(payload, 0, length);
    }
  }

  /** Bytes that do not decode are better explained by the checksum failure that closing the stream found, if any. */
  private static CorruptCheckpointException checksumFailureOr(CorruptCheckpointException undecodable) {
    for (Throwable onClose : undecodable.getSuppressed()) {
      if (onClose instanceof CorruptCheckpointException checksum) {
        return checksum;
      }
    }
    return undecodable;
  }

  private static Restored read(DataInputStream in, Payloads payloads, String where, KeyGroupRange range, Tables tables,
      long now) throws IOException {
    try {
      if (in.readInt() != MAGIC) {
        throw new CorruptCheckpointException(where + " is not a Weir heap state file");
      }
      int version = in.readInt();
      if (version != VERSION && version != VERSION_WITHOUT_TTL) {
        throw new CorruptCheckpointException(where + " has format version " + version + ", this Weir reads "
            + VERSION_WITHOUT_TTL + " and " + VERSION);
      }
      in.readInt();
      in.readInt();
      int count = in.readInt();
      List<StateTable> fileTables = new ArrayList<>();
      long[] fileTtls = new long[count];
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        StateDescriptor.Kind kind = StateDescriptor.Kind.values()[in.readByte()];
        fileTtls[i] = version == VERSION ? in.readLong() : 0;
        if (fileTtls[i] < 0) {
          throw new CorruptCheckpointException(where + ": state '" + name + "' has a negative time-to-live " + fileTtls[i]);
        }
        StateTable t = tables.forRestore(name, kind, fileTtls[i]);
        if (t.kind != kind) {
          throw new CorruptCheckpointException(where + ": state '" + name + "' is " + kind + " there but " + t.kind + " here");
        }
        fileTables.add(t);
      }
      KeyGroupReader reader = new KeyGroupReader(fileTables, fileTtls, now);
      int groups = 0;
      while (true) {
        int kg = in.readInt();
        if (kg < 0) {
          break;
        }
        int length = in.readInt();
        if (length < 0) {
          throw new CorruptCheckpointException(where + ": key group " + kg + " has a negative length " + length);
        }
        if (!range.contains(kg)) {
          in.skipNBytes(length);
          continue;
        }
        reader.read(payloads.next(length, reader.keepsEncoded()), kg, kg - range.start());
        groups++;
      }
      return new Restored(groups, reader.entries, reader.encoded);
    } catch (EOFException e) {
      throw new CorruptCheckpointException(where + " ends early (partial file)");
    } catch (RuntimeException e) {
      throw new CorruptCheckpointException(where + " cannot be decoded: " + e.getMessage());
    }
  }
}

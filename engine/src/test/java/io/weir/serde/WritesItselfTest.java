package io.weir.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Output;
import io.weir.api.window.TimeWindow;
import io.weir.runtime.operator.window.WindowKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A record that writes itself writes exactly what the general record encoding would, and reads back as any record. */
class WritesItselfTest {
  private record Auction(long id, String seller) {
  }

  private static final List<WindowKey> KEYS = List.of(
      new WindowKey(7L, new TimeWindow(0, 10_000)),
      new WindowKey(-1L << 50, new TimeWindow(-5, Long.MAX_VALUE)),
      new WindowKey("bidder-9", new TimeWindow(1_000, 1_001)),
      new WindowKey(new Auction(3, "s"), new TimeWindow(20_000, 30_000)),
      new WindowKey(new WindowKey(1L, new TimeWindow(0, 1)), new TimeWindow(0, 2)),
      new WindowKey(5L, null));

  /** A dictionary of the classes written, as RocksDB's gives. */
  private static final class Ids implements ClassIds {
    private final Map<Long, String> names = new HashMap<>();

    @Override
    public long idOf(Class<?> type) {
      long id = type.getName().hashCode();
      names.put(id, type.getName());
      return id;
    }

    @Override
    public String nameOf(long id) {
      return names.get(id);
    }
  }

  private static byte[] bytes(Output out) {
    return java.util.Arrays.copyOf(out.getBuffer(), out.position());
  }

  @Test
  void aWindowKeyWritesTheBytesOfTheGeneralRecordEncodingWithClassNamesAndWithIds() {
    for (ClassIds ids : new ClassIds[] {null, new Ids()}) {
      Output itself = new Output(64, -1);
      Output general = new Output(64, -1);
      ValueWriter a = Serde.newWriter();
      ValueWriter b = Serde.newWriter();
      if (ids != null) {
        a.withClassIds(ids);
        b.withClassIds(ids);
      }
      a.into(itself);
      b.into(general);
      for (WindowKey k : KEYS) { // one session: class names are written once, then referred to
        a.write(k);
        b.writeRecord(k);
      }
      assertThat(bytes(itself)).as("with %s", ids == null ? "class names" : "class ids").isEqualTo(bytes(general));

      ValueReader r = Serde.newReader();
      if (ids != null) {
        r.withClassIds(ids);
      }
      com.esotericsoftware.kryo.io.Input in = new com.esotericsoftware.kryo.io.Input(bytes(itself));
      r.from(in);
      for (WindowKey k : KEYS) {
        assertThat(r.read()).isEqualTo(k);
      }
    }
  }
}

package io.weir.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SerdeTest {

  enum Color { RED, GREEN, BLUE }

  /** An enum whose constants have bodies: each constant is its own anonymous class. */
  enum Op {
    ADD { int apply(int a, int b) { return a + b; } },
    MUL { int apply(int a, int b) { return a * b; } };

    abstract int apply(int a, int b);
  }

  record Point(int x, int y) {
  }

  record Primitives(byte b, short s, int i, long l, float f, double d, boolean z, char c) {
  }

  record Line(String label, Point from, Point to, Color color) {
  }

  record Shape(String name, List<Point> points, Map<String, Line> edges, Set<Color> colors) {
  }

  record Nullable(String text, Point point) {
  }

  /** A plain class: neither a record nor a known kind, so it takes the Kryo fallback. */
  static final class Plain {
    private final String name;
    private final int[] values;
    private Point nested;

    Plain(String name, int[] values, Point nested) {
      this.name = name;
      this.values = values;
      this.nested = nested;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Plain p && p.name.equals(name) && Arrays.equals(p.values, values)
          && Objects.equals(p.nested, nested);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }
  }

  private static Object roundTrip(Object value) {
    return Serde.fromBytes(Serde.toBytes(value));
  }

  @Test
  void primitivesAndStringsRoundTripWithTheirTypes() {
    List<Object> values = List.of(0L, Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0, Integer.MIN_VALUE, Integer.MAX_VALUE, -7,
        "", "plain", "ünïcødé ✓ 😀", 3.25d, Double.NaN, -0.0d, true, false, 1.5f, (short) -300, (byte) -128, 'é');
    for (Object v : values) {
      Object back = roundTrip(v);
      assertThat(back).as("round trip of %s (%s)", v, v.getClass().getSimpleName()).isEqualTo(v);
      assertThat(back).hasSameClassAs(v);
    }
  }

  @Test
  void nullRoundTrips() {
    assertThat(roundTrip(null)).isNull();
  }

  @Test
  void byteAndLongArraysRoundTrip() {
    byte[] bytes = {0, 1, -1, 127, -128};
    long[] longs = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 42};
    assertThat((byte[]) roundTrip(bytes)).containsExactly(bytes);
    assertThat((long[]) roundTrip(longs)).containsExactly(longs);
    assertThat((byte[]) roundTrip(new byte[0])).isEmpty();
  }

  @Test
  void listsSetsAndMapsRoundTripWithNestedCollections() {
    List<Object> list = new ArrayList<>(List.of(1, "two", 3L));
    list.add(null);
    list.add(List.of(List.of(), List.of("deep")));
    Set<Object> set = new TreeSet<>(List.of("a", "b", "c"));
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("k", List.of(1, 2));
    map.put(7L, Map.of("inner", true));
    map.put("null", null);

    assertThat(roundTrip(list)).isEqualTo(list);
    assertThat(roundTrip(set)).isEqualTo(set);
    assertThat(roundTrip(map)).isEqualTo(map);
  }

  @Test
  void enumsRoundTripToTheSameConstantIncludingConstantsWithBodies() {
    assertThat(roundTrip(Color.GREEN)).isSameAs(Color.GREEN);
    assertThat(roundTrip(Op.MUL)).isSameAs(Op.MUL);
    assertThat(roundTrip(List.of(Color.BLUE, Color.RED, Color.BLUE, Op.ADD)))
        .isEqualTo(List.of(Color.BLUE, Color.RED, Color.BLUE, Op.ADD));
  }

  @Test
  void recordsWithPrimitiveComponentsRoundTrip() {
    Primitives p = new Primitives((byte) 7, (short) -2, -123456, Long.MAX_VALUE, 0.5f, Math.PI, true, 'x');
    assertThat(roundTrip(p)).isEqualTo(p);
  }

  record WithPrims(long a, int b, String c, long d) {
  }

  record WithBoxes(Long a, Integer b, String c, Long d) {
  }

  @Test
  void longAndIntComponentsAreWrittenUnboxedButAsTheirBoxesWouldBe() {
    WithPrims prims = new WithPrims(Long.MIN_VALUE, -7, "x", 1_767_225_600_000L);
    byte[] unboxed = Serde.toBytes(prims);
    byte[] boxed = Serde.toBytes(new WithBoxes(Long.MIN_VALUE, -7, "x", 1_767_225_600_000L));
    // the class names have the same length and last letter, so the rest of the bytes must be the same
    String renamed = new String(unboxed, StandardCharsets.ISO_8859_1).replace("WithPrim", "WithBoxe");
    assertThat(renamed.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(boxed);
    assertThat(roundTrip(prims)).isEqualTo(prims);
  }

  @Test
  void nestedRecordsAndCollectionsOfRecordsRoundTrip() {
    Line a = new Line("a", new Point(0, 0), new Point(1, 1), Color.RED);
    Line b = new Line("b", new Point(1, 1), new Point(-5, 9), Color.BLUE);
    Shape shape = new Shape("tri", List.of(new Point(0, 0), new Point(1, 1), new Point(-5, 9)),
        Map.of("a", a, "b", b), Set.of(Color.RED, Color.BLUE));
    assertThat(roundTrip(shape)).isEqualTo(shape);
    // the same record classes again, written as class references after their first use in the session
    assertThat(roundTrip(List.of(shape, shape, a))).isEqualTo(List.of(shape, shape, a));
    assertThat(roundTrip(Map.of(new Point(1, 2), a))).isEqualTo(Map.of(new Point(1, 2), a));
  }

  @Test
  void recordsWithNullComponentsRoundTrip() {
    assertThat(roundTrip(new Nullable(null, null))).isEqualTo(new Nullable(null, null));
  }

  @Test
  void recordClassNameIsWrittenOncePerSession() {
    int one = Serde.toBytes(List.of(new Point(1, 2))).length;
    int two = Serde.toBytes(List.of(new Point(1, 2), new Point(1, 2))).length;
    int nameLength = Point.class.getName().length();
    assertThat(two - one).as("a second Point costs a class reference, not its name").isLessThan(nameLength);
  }

  @Test
  void plainClassesFallBackToKryo() {
    Plain plain = new Plain("p", new int[] {3, 1, 2}, new Point(4, 5));
    Object back = roundTrip(plain);
    assertThat(back).isInstanceOf(Plain.class).isEqualTo(plain).isNotSameAs(plain);
    assertThat(roundTrip(List.of(plain, "after"))).isEqualTo(List.of(plain, "after"));
  }

  @Test
  void copyMakesAnEqualIndependentValue() {
    List<Point> points = new ArrayList<>(List.of(new Point(1, 1)));
    List<Point> copy = Serde.copy(points);
    points.add(new Point(2, 2));
    assertThat(copy).containsExactly(new Point(1, 1));
  }

  @Test
  void skipPlainSkipsExactlyOneValueThatNamesNoClass() {
    List<Object> plain = new ArrayList<>(List.of(1L, -7, 2.5, 1.5f, (short) 3, (byte) 4, 'c', true, false, "", "ab",
        "x".repeat(40), "\u00e9t\u00e9 \u20ac \ud83d\ude00 ".repeat(5), new byte[] {1, 2, 3}, new long[] {5, -6},
        List.of("a", List.of(1L)), Set.of(1L, 2L), Map.of("k", List.of(new byte[70]))));
    plain.add(null);
    for (Object value : plain) {
      com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(256, -1);
      ValueWriter w = Serde.writer(out);
      w.write(value);
      int end = out.position();
      w.write("next");
      com.esotericsoftware.kryo.io.Input in = new com.esotericsoftware.kryo.io.Input(out.toBytes());
      ValueReader r = Serde.reader(in);
      assertThat(r.skipPlain()).as("%s", value).isTrue();
      assertThat(in.position()).as("%s", value).isEqualTo(end);
      assertThat(r.read()).isEqualTo("next");
    }
  }

  @Test
  void skipPlainLeavesAValueThatNamesAClassWhereItStarts() {
    for (Object value : List.of(new Point(1, 2), Color.RED, List.of(1L, new Point(3, 4)), new Plain("p", new int[0], null))) {
      com.esotericsoftware.kryo.io.Input in = new com.esotericsoftware.kryo.io.Input(Serde.toBytes(value));
      ValueReader r = Serde.reader(in);
      assertThat(r.skipPlain()).as("%s", value).isFalse();
      assertThat(in.position()).isZero();
      assertThat(r.read()).isEqualTo(value);
    }
  }

  @Test
  void skipPlainFailsOnTruncatedOrUnknownBytes() {
    byte[] whole = Serde.toBytes(new byte[100]);
    ValueReader cut = Serde.reader(new com.esotericsoftware.kryo.io.Input(Arrays.copyOf(whole, 50)));
    assertThatThrownBy(cut::skipPlain).isInstanceOf(com.esotericsoftware.kryo.KryoException.class);
    ValueReader unknown = Serde.reader(new com.esotericsoftware.kryo.io.Input(new byte[] {99}));
    assertThatThrownBy(unknown::skipPlain).isInstanceOf(SerdeException.class).hasMessageContaining("unknown type tag 99");
  }

  @Test
  void unknownTypeTagFailsNamingTheTagAndPosition() {
    byte[] bytes = Serde.toBytes(List.of(1L, 2L));
    bytes[bytes.length - 2] = 99; // the tag of the second element
    assertThatThrownBy(() -> Serde.fromBytes(bytes))
        .isInstanceOf(SerdeException.class)
        .hasMessageContaining("unknown type tag 99")
        .hasMessageContaining("at byte " + (bytes.length - 2))
        .hasMessageContaining("corrupt");
  }

  @Test
  void classMissingFromTheClasspathFailsNamingTheClass() {
    byte[] bytes = Serde.toBytes(new Point(1, 2));
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("SerdeTest$Poin"); // Kryo marks the last character of an ASCII string
    assertThat(at).isPositive();
    bytes[at + "SerdeTest$".length()] = 'Q'; // ...SerdeTest$Qoint
    assertThatThrownBy(() -> Serde.fromBytes(bytes))
        .isInstanceOf(SerdeException.class)
        .hasMessageContaining("io.weir.serde.SerdeTest$Qoint")
        .hasMessageContaining("not on this node's classpath");
  }

  @Test
  void enumOrdinalOutOfRangeFailsNamingTheEnum() {
    byte[] bytes = Serde.toBytes(Color.BLUE);
    bytes[bytes.length - 1] = 9; // the ordinal
    assertThatThrownBy(() -> Serde.fromBytes(bytes))
        .isInstanceOf(SerdeException.class)
        .hasMessageContaining(Color.class.getName())
        .hasMessageContaining("no constant number 9");
  }

  @Test
  void trailingBytesAfterAValueFail() {
    byte[] value = Serde.toBytes("x");
    byte[] bytes = Arrays.copyOf(value, value.length + 3);
    assertThatThrownBy(() -> Serde.fromBytes(bytes))
        .isInstanceOf(SerdeException.class)
        .hasMessageContaining("trailing bytes")
        .hasMessageContaining("read " + value.length + " of " + bytes.length);
  }

  @Test
  void truncatedBytesFailWithASerdeException() {
    byte[] whole = Serde.toBytes(new Line("l", new Point(1, 2), new Point(3, 4), Color.RED));
    byte[] cut = Arrays.copyOf(whole, whole.length - 3);
    assertThatThrownBy(() -> Serde.fromBytes(cut))
        .isInstanceOf(SerdeException.class)
        .hasMessageContaining("ends early");
  }

  @Test
  void undefinedClassReferenceFails() {
    byte[] bytes = {Tags.RECORD_REF, 5};
    assertThatThrownBy(() -> Serde.fromBytes(bytes))
        .isInstanceOf(SerdeException.class)
        .hasMessageContaining("class reference 5 was never defined");
  }

  @Test
  void aRecordTagOnANonRecordClassFailsNamingTheClass() {
    com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(64, -1);
    out.writeByte(Tags.RECORD_NEW);
    out.writeString("java.lang.String");
    byte[] bytes = out.toBytes();
    assertThatThrownBy(() -> Serde.fromBytes(bytes))
        .isInstanceOf(SerdeException.class)
        .hasMessageContaining("java.lang.String is not a record");
  }
}

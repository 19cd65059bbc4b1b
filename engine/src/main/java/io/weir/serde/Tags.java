package io.weir.serde;

/** The one-byte type tags that start every encoded value. Never renumber: checkpoints keep them. */
final class Tags {
  static final byte NULL = 0;
  static final byte LONG = 1;
  static final byte INT = 2;
  static final byte STRING = 3;
  static final byte DOUBLE = 4;
  static final byte TRUE = 5;
  static final byte FALSE = 6;
  static final byte BYTES = 7;
  static final byte RECORD_NEW = 8;
  static final byte RECORD_REF = 9;
  static final byte LIST = 10;
  static final byte MAP = 11;
  static final byte KRYO = 12;
  static final byte FLOAT = 13;
  static final byte SHORT = 14;
  static final byte BYTE = 15;
  static final byte CHAR = 16;
  static final byte LONG_ARRAY = 17;
  static final byte ENUM_NEW = 18;
  static final byte ENUM_REF = 19;
  static final byte SET = 20;
  /** A record or enum whose class is named by an 8-byte id in a {@link ClassIds} dictionary. */
  static final byte RECORD_ID = 21;
  static final byte ENUM_ID = 22;

  private Tags() {
  }
}

package io.weir.state.rocksdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A key of a {@link ColumnCache}: stored keys are exact copies; one reused probe looks a buffer's
 * prefix up without copying it.
 */
final class CacheKey {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  byte[] bytes;
  int length;
  int hash;

  CacheKey set(byte[] bytes, int length) {
    this.bytes = bytes;
    this.length = length;
    long h = length;
    int i = 0;
    for (; i + Long.BYTES <= length; i += Long.BYTES) { // eight bytes at a time: keys share long prefixes
      h = (h ^ (long) LONGS.get(bytes, i)) * 0x9E3779B97F4A7C15L;
    }
    for (; i < length; i++) {
      h = (h ^ bytes[i]) * 0x9E3779B97F4A7C15L;
    }
    this.hash = (int) (h ^ (h >>> 32));
    return this;
  }

  CacheKey copy() {
    CacheKey k = new CacheKey();
    k.bytes = Arrays.copyOf(bytes, length);
    k.length = length;
    k.hash = hash;
    return k;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheKey k && k.hash == hash && Arrays.equals(bytes, 0, length, k.bytes, 0, k.length);
  }
}

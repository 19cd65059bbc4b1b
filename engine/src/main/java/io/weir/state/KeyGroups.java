package io.weir.state;

/**
 * Keys are hashed into {@code maxParallelism} key groups; each subtask of a keyed operator owns a
 * contiguous range of them. State is stored by key group, so a job restored at another parallelism
 * hands each new subtask whole key groups (Flink's scheme, with the same formulas).
 */
public final class KeyGroups {
  private KeyGroups() {
  }

  public static int assign(Object key, int maxParallelism) {
    return Math.floorMod(murmur(stableHash(key)), maxParallelism);
  }

  /** The key's key group, which must be in {@code range} (the state backend's); fails naming the key otherwise. */
  public static int assignWithin(Object key, int maxParallelism, KeyGroupRange range) {
    int kg = assign(key, maxParallelism);
    if (!range.contains(kg)) {
      throw new StateAccessException("key " + key + " is in key group " + kg + ", not in this subtask's "
          + range + " (the key's hashCode differs between JVMs?)");
    }
    return kg;
  }

  public static int operatorIndex(int keyGroup, int maxParallelism, int parallelism) {
    return keyGroup * parallelism / maxParallelism;
  }

  public static KeyGroupRange rangeOf(int subtask, int parallelism, int maxParallelism) {
    int start = (subtask * maxParallelism + parallelism - 1) / parallelism;
    int end = ((subtask + 1) * maxParallelism - 1) / parallelism;
    return new KeyGroupRange(start, end);
  }

  /**
   * A hash that is the same in every JVM: enums hash by name (their hashCode is per JVM); a
   * {@link GroupedKey} hashes as its group key, so it falls in that key's key group.
   */
  public static int stableHash(Object key) {
    if (key == null) {
      throw new NullPointerException("a key selector returned null; keys must not be null");
    }
    Class<?> type = key.getClass();
    if (type == Long.class || type == String.class || type == Integer.class) {
      return key.hashCode(); // the common keys, told apart by class alone (an interface check costs a scan of supertypes)
    }
    if (key instanceof GroupedKey g) {
      return stableHash(g.groupKey());
    }
    if (key instanceof Enum<?> e) {
      return e.getDeclaringClass().getName().hashCode() * 31 + e.name().hashCode();
    }
    return key.hashCode();
  }

  /** The murmur3 finalizer over an int, as Flink's MathUtils.murmurHash. */
  static int murmur(int code) {
    code *= 0xcc9e2d51;
    code = Integer.rotateLeft(code, 15);
    code *= 0x1b873593;
    code = Integer.rotateLeft(code, 13);
    code = code * 5 + 0xe6546b64;
    code ^= 4;
    code ^= code >>> 16;
    code *= 0x85ebca6b;
    code ^= code >>> 13;
    code *= 0xc2b2ae35;
    code ^= code >>> 16;
    return code >= 0 ? code : code != Integer.MIN_VALUE ? -code : 0;
  }
}

package io.weir.state;

/** The key groups {@code start..end} (inclusive) that one subtask of a keyed operator owns. */
public record KeyGroupRange(int start, int end) {

  public KeyGroupRange {
    if (start < 0 || end < start - 1) {
      throw new IllegalArgumentException("bad key group range " + start + ".." + end);
    }
  }

  public int size() {
    return end - start + 1;
  }

  public boolean contains(int keyGroup) {
    return keyGroup >= start && keyGroup <= end;
  }

  public boolean intersects(KeyGroupRange other) {
    return start <= other.end && other.start <= end;
  }

  @Override
  public String toString() {
    return start + ".." + end;
  }
}

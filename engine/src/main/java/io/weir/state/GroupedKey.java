package io.weir.state;

/**
 * A state key that belongs to another key's key group (a window of a key, for instance): it is
 * assigned to a key group by {@link #groupKey()}, so it moves with that key on a rescale, while its
 * own {@code hashCode} is free to tell it apart from the group key's other entries in a hash table.
 */
public interface GroupedKey {
  /** The key whose key group this key is in. */
  Object groupKey();
}

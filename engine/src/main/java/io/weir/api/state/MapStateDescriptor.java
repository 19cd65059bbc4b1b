package io.weir.api.state;

/** Describes a {@link MapState}. */
public final class MapStateDescriptor<K, V> extends StateDescriptor {
  public MapStateDescriptor(String name) {
    super(name);
  }

  @Override
  public Kind kind() {
    return Kind.MAP;
  }
}

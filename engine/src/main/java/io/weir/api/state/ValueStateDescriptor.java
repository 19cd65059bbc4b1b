package io.weir.api.state;

/** Describes a {@link ValueState}, with the value a key has before its first update. */
public final class ValueStateDescriptor<T> extends StateDescriptor {
  private final T defaultValue;

  public ValueStateDescriptor(String name) {
    this(name, null);
  }

  public ValueStateDescriptor(String name, T defaultValue) {
    super(name);
    this.defaultValue = defaultValue;
  }

  public T defaultValue() {
    return defaultValue;
  }

  @Override
  public Kind kind() {
    return Kind.VALUE;
  }
}

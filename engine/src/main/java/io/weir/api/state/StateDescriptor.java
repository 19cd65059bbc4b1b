package io.weir.api.state;

import java.util.regex.Pattern;

/**
 * Names a piece of keyed state; the name is how a checkpoint finds it again. With
 * {@link #enableTimeToLive} its entries expire (see {@link StateTtlConfig}).
 */
public abstract class StateDescriptor {
  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  public enum Kind { VALUE, LIST, MAP, REDUCING }

  private final String name;
  private StateTtlConfig ttlConfig;

  protected StateDescriptor(String name) {
    if (name == null || !VALID_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("state name '" + name + "' must be 1-100 of [A-Za-z0-9_.-]");
    }
    this.name = name;
  }

  public final String name() {
    return name;
  }

  public abstract Kind kind();

  /** Makes the state's entries expire as {@code config} says; call before the state is first asked for. */
  public final void enableTimeToLive(StateTtlConfig config) {
    this.ttlConfig = java.util.Objects.requireNonNull(config, "config");
  }

  /** The time-to-live of the state's entries, or null when they never expire. */
  public final StateTtlConfig ttlConfig() {
    return ttlConfig;
  }
}

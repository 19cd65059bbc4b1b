package io.weir.state.ttl;

/** A value of a state with a time-to-live, with the processing time (ms) it was last accessed at. */
public record TtlValue<T>(T value, long lastAccess) {
}

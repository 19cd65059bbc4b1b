package io.weir.runtime.operator.window;

/**
 * A session of an aggregate, its accumulator in the session's own entry: a record that joins the
 * session reads and writes that one entry, with no window contents of its own to look up.
 */
public record FoldedSession(long start, long end, Object accumulator) implements OpenSession {
}

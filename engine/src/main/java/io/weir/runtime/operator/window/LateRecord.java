package io.weir.runtime.operator.window;

/** A record that arrived after every window it belongs to had closed, on its way to the late-record stream. */
public record LateRecord(Object record) {
}

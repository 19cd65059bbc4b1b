package io.weir.api.window;

/** A window's result for one key, with the window's start and end. */
public record WindowResult<K, V>(K key, long start, long end, V value) {
}

package io.weir.runtime.task;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The in-memory order of a task's timers: by timestamp, and the keys of one timestamp in the order
 * their timers were added. Timers of windows share a few timestamps (every key's window ends at
 * the same time), so they cost a bucket append instead of a heap insertion among all of them.
 */
final class TimerOrder {
  private final PriorityQueue<Long> timestamps = new PriorityQueue<>();
  private final Map<Long, ArrayDeque<Object>> buckets = new HashMap<>();
  // the bucket of the last timestamp added to (timers come in runs of one timestamp)
  private long lastTimestamp;
  private ArrayDeque<Object> lastBucket;

  void add(long timestamp, Object key) {
    ArrayDeque<Object> bucket = lastBucket != null && lastTimestamp == timestamp ? lastBucket : buckets.get(timestamp);
    if (bucket == null) {
      bucket = new ArrayDeque<>();
      buckets.put(timestamp, bucket);
      timestamps.add(timestamp);
    }
    bucket.add(key);
    lastTimestamp = timestamp;
    lastBucket = bucket;
  }

  boolean isEmpty() {
    return timestamps.isEmpty();
  }

  /** The earliest timestamp, or {@link Long#MAX_VALUE} when there is none. */
  long earliest() {
    Long first = timestamps.peek();
    return first == null ? Long.MAX_VALUE : first;
  }

  /** Removes and returns the first key of the earliest timestamp; there must be one. */
  Object pollEarliest() {
    Long first = timestamps.peek();
    ArrayDeque<Object> bucket = buckets.get(first);
    Object key = bucket.poll();
    if (bucket.isEmpty()) {
      buckets.remove(first);
      timestamps.poll();
      if (bucket == lastBucket) {
        lastBucket = null;
      }
    }
    return key;
  }
}

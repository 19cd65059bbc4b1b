package io.weir.runtime.task;

import java.util.List;

/**
 * A subtask's watermark in a checkpoint, stored with its chain head's operator state. On restore
 * a subtask takes its own when the parallelism is unchanged, else the lowest of all (a rescaled
 * subtask may hold keys of any old one), so a restored watermark never passes one it had not reached.
 */
record ChainWatermark(int subtask, int parallelism, long watermark) {

  /** The watermark to restore from a union of operator state, or {@link Long#MIN_VALUE} when it holds none. */
  static long restore(List<Object> union, int subtask, int parallelism) {
    long own = Long.MIN_VALUE;
    long lowest = Long.MAX_VALUE;
    boolean sameParallelism = true;
    boolean any = false;
    for (Object o : union) {
      if (o instanceof ChainWatermark w) {
        any = true;
        lowest = Math.min(lowest, w.watermark);
        sameParallelism &= w.parallelism == parallelism;
        if (w.subtask == subtask) {
          own = w.watermark;
        }
      }
    }
    if (!any) {
      return Long.MIN_VALUE;
    }
    return sameParallelism ? own : lowest;
  }

  /** The union without watermarks: what the operator itself stored. */
  static List<Object> withoutWatermarks(List<Object> union) {
    return union.stream().filter(o -> !(o instanceof ChainWatermark)).toList();
  }
}

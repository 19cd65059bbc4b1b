package io.weir.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Follows this JVM's heap: the largest live set seen after a garbage collection, and the peak used. */
final class HeapWatch {
  private long peakAfterGc;

  void sample() {
    long afterGc = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        afterGc += pool.getCollectionUsage().getUsed();
      }
    }
    peakAfterGc = Math.max(peakAfterGc, afterGc);
  }

  long peakAfterGcBytes() {
    return peakAfterGc;
  }

  String describe() {
    long peakUsed = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakUsed += pool.getPeakUsage().getUsed();
      }
    }
    return String.format("peak %d MiB used, %d MiB live after GC (max heap %d MiB)", peakUsed >> 20, peakAfterGc >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
  }
}

package io.weir.connector.eventbus;

import io.weir.connector.SourceSplit;
import java.util.List;

/** The one split of an {@link EventBusSource}: the ids of the latest messages taken in, oldest first (for deduplication). */
public record EventBusSplit(int index, List<String> recentIds) implements SourceSplit {
}

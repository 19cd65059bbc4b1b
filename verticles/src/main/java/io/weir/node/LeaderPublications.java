package io.weir.node;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.weir.cluster.ha.LeaderRecord;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The election's publications as they happen: every write of the leader record (a claim won, a
 * confirmation) is handed to a listener, so that a worker hears of a new leader the moment it is
 * elected instead of waiting for its heartbeats to fall silent. Listeners run on a Hazelcast event
 * thread: hand the record on to a context. Adding and removing a listener block.
 */
public final class LeaderPublications implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaderPublications.class);

  private final IMap<String, String> map;
  private final UUID registration;

  private LeaderPublications(IMap<String, String> map, UUID registration) {
    this.map = map;
    this.registration = registration;
  }

  /** Starts handing every published leader record to {@code onRecord}; null when {@code vertx} is not on Hazelcast. */
  public static LeaderPublications listen(Vertx vertx, Consumer<LeaderRecord> onRecord) {
    if (!(((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hz)
        || hz.getHazelcastInstance() == null) {
      return null;
    }
    HazelcastInstance hazelcast = hz.getHazelcastInstance();
    IMap<String, String> map = hazelcast.getMap(HazelcastElectionBackend.MAP);
    return new LeaderPublications(map, map.addEntryListener(new Listener(onRecord), HazelcastElectionBackend.KEY, true));
  }

  @Override
  public void close() {
    try {
      map.removeEntryListener(registration);
    } catch (RuntimeException e) { // the member is leaving: its listeners go with it
      log.debug("the leader record's listener could not be removed: {}", e.toString());
    }
  }

  private record Listener(Consumer<LeaderRecord> onRecord)
      implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      hand(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      hand(event.getValue());
    }

    private void hand(String value) {
      try {
        LeaderRecord record = LeaderRecord.decode(value);
        if (record != null) {
          onRecord.accept(record);
        }
      } catch (IllegalStateException e) {
        log.warn("a published leader record is ignored: {}", e.getMessage());
      }
    }
  }
}

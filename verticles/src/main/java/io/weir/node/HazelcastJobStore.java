package io.weir.node;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.json.JsonObject;
import io.weir.cluster.ha.JobStore;
import io.weir.cluster.ha.JobUpdate;
import io.weir.cluster.ha.StoredJob;
import io.weir.runtime.JobId;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The job store on Hazelcast: one JSON string per job in the {@value #MAP} map (2 backups, see
 * weir-loopback.xml), keyed by job id, written only by {@link JobUpdateProcessor}s, so each write
 * is checked against the epoch stored with the job where the job lives. It keeps the ids of the
 * stored jobs from the map's entry events ({@link #knownJobs}), so that a new leader can read
 * those records by key before it scans the whole map.
 */
public final class HazelcastJobStore extends JobStore.Base {
  public static final String MAP = "weir.ha.jobs";

  private final HazelcastInstance hazelcast;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  /** Blocks: subscribes to the map's events and reads its keys. */
  public HazelcastJobStore(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    map().addEntryListener(new KeyEvents(), false);
    known.addAll(map().keySet());
  }

  private IMap<String, String> map() {
    return hazelcast.getMap(MAP);
  }

  @Override
  public JobUpdate.Result write(long epoch, JobId id, JobUpdate update) {
    return JobUpdate.Result.decode(map().executeOnKey(id.value(), new JobUpdateProcessor(epoch, update)));
  }

  @Override
  public StoredJob get(JobId id) {
    String json = map().get(id.value());
    return json == null ? null : StoredJob.fromJson(new JsonObject(json));
  }

  @Override
  public List<StoredJob> takeOver(long epoch) {
    return notEnded(epoch, map().executeOnEntries(new JobUpdateProcessor(epoch, new JobUpdate.TakeOver())));
  }

  @Override
  public Set<JobId> knownJobs() {
    return known.stream().map(JobId::new).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public List<StoredJob> takeOver(long epoch, Set<JobId> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Set<String> keys = ids.stream().map(JobId::value).collect(Collectors.toSet());
    return notEnded(epoch, map().executeOnKeys(keys, new JobUpdateProcessor(epoch, new JobUpdate.TakeOver())));
  }

  private static List<StoredJob> notEnded(long epoch, Map<String, String> results) {
    JobUpdate takeOver = new JobUpdate.TakeOver();
    List<StoredJob> notEnded = new ArrayList<>();
    for (Map.Entry<String, String> e : results.entrySet()) {
      JobUpdate.Result result = JobUpdate.Result.decode(e.getValue());
      StoredJob job = result.missing() ? null : JobStore.checked(new JobId(e.getKey()), takeOver, result, epoch);
      if (job != null && !job.ended()) {
        notEnded.add(job);
      }
    }
    return notEnded;
  }

  /** Keeps {@link #known} current; Hazelcast calls it on its event threads. */
  private final class KeyEvents implements EntryAddedListener<String, String>, EntryRemovedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      known.add(event.getKey());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      known.remove(event.getKey());
    }
  }
}

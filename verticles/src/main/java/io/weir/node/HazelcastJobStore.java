package io.weir.node;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.json.JsonObject;
import io.weir.cluster.ha.JobStore;
import io.weir.cluster.ha.JobUpdate;
import io.weir.cluster.ha.StoredJob;
import io.weir.runtime.JobId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The job store on Hazelcast: one JSON string per job in the {@value #MAP} map (2 backups, see
 * weir-loopback.xml), keyed by job id, written only by {@link JobUpdateProcessor}s, so each write
 * is checked against the epoch stored with the job where the job lives.
 */
public final class HazelcastJobStore extends JobStore.Base {
  public static final String MAP = "weir.ha.jobs";

  private final HazelcastInstance hazelcast;

  public HazelcastJobStore(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
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
    JobUpdate takeOver = new JobUpdate.TakeOver();
    Map<String, String> results = map().executeOnEntries(new JobUpdateProcessor(epoch, takeOver));
    List<StoredJob> notEnded = new ArrayList<>();
    for (Map.Entry<String, String> e : results.entrySet()) {
      StoredJob job = JobStore.checked(new JobId(e.getKey()), takeOver, JobUpdate.Result.decode(e.getValue()), epoch);
      if (job != null && !job.ended()) {
        notEnded.add(job);
      }
    }
    return notEnded;
  }
}

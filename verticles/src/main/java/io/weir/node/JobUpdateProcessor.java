package io.weir.node;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.vertx.core.json.JsonObject;
import io.weir.cluster.ha.JobUpdate;
import io.weir.cluster.ha.StoredJob;
import java.io.IOException;
import java.util.Map;

/**
 * Applies one {@link JobUpdate} under an epoch to a stored job, atomically on the member that owns
 * it (and the same on its backups); returns the {@link JobUpdate.Result} as JSON.
 */
final class JobUpdateProcessor implements EntryProcessor<String, String, String>, IdentifiedDataSerializable {
  private long epoch;
  private String update;

  JobUpdateProcessor() {
  }

  JobUpdateProcessor(long epoch, JobUpdate update) {
    this.epoch = epoch;
    this.update = update.encode();
  }

  @Override
  public String process(Map.Entry<String, String> entry) {
    StoredJob current = entry.getValue() == null ? null : StoredJob.fromJson(new JsonObject(entry.getValue()));
    JobUpdate.Result result = JobUpdate.decode(update).apply(current, epoch);
    if (result.applied()) {
      entry.setValue(result.job() == null ? null : result.job().toJson().encode());
    }
    return result.encode();
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(epoch);
    out.writeString(update);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    epoch = in.readLong();
    update = in.readString();
  }

  @Override
  public int getFactoryId() {
    return WeirSerializables.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return WeirSerializables.JOB_UPDATE_PROCESSOR;
  }
}

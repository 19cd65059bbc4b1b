package io.weir.node;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.weir.cluster.ha.LeaderRecord;
import java.io.IOException;
import java.util.Map;

/**
 * Claims or confirms the lead on the member that owns the leader record, atomically, by
 * {@link LeaderRecord#claim} and {@link LeaderRecord#confirm}; returns the record afterwards (JSON).
 */
final class LeaderRecordProcessor implements EntryProcessor<String, String, String>, IdentifiedDataSerializable {
  private boolean claim;
  private long epoch;
  private long highestSeen;
  private String coordinator;
  private int members;

  LeaderRecordProcessor() {
  }

  static LeaderRecordProcessor claim(long expectedEpoch, long highestSeen, String coordinator, int members) {
    LeaderRecordProcessor p = new LeaderRecordProcessor();
    p.claim = true;
    p.epoch = expectedEpoch;
    p.highestSeen = highestSeen;
    p.coordinator = coordinator;
    p.members = members;
    return p;
  }

  static LeaderRecordProcessor confirm(long epoch, int members) {
    LeaderRecordProcessor p = new LeaderRecordProcessor();
    p.epoch = epoch;
    p.coordinator = "";
    p.members = members;
    return p;
  }

  @Override
  public String process(Map.Entry<String, String> entry) {
    LeaderRecord current = LeaderRecord.decode(entry.getValue());
    LeaderRecord next = claim ? LeaderRecord.claim(current, epoch, highestSeen, coordinator, members)
        : LeaderRecord.confirm(current, epoch, members);
    if (next != null && !next.equals(current)) {
      entry.setValue(next.encode());
    }
    return next == null ? null : next.encode();
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeBoolean(claim);
    out.writeLong(epoch);
    out.writeLong(highestSeen);
    out.writeString(coordinator);
    out.writeInt(members);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    claim = in.readBoolean();
    epoch = in.readLong();
    highestSeen = in.readLong();
    coordinator = in.readString();
    members = in.readInt();
  }

  @Override
  public int getFactoryId() {
    return WeirSerializables.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return WeirSerializables.LEADER_RECORD_PROCESSOR;
  }
}

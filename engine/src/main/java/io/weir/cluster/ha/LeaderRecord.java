package io.weir.cluster.ha;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The one record of who leads: the epoch, the leading coordinator's name and the number of members
 * its quorum is a majority of. Stored as a JSON string; changed only by {@link #claim} and
 * {@link #confirm}, which the store applies atomically (an entry processor in a cluster).
 */
public record LeaderRecord(long epoch, String leader, int members) {

  /**
   * A claim by {@code coordinator} that read {@code expectedEpoch} (0: no record): wins when the
   * stored epoch is still that one, taking an epoch above both it and {@code highestSeen}; otherwise
   * the stored record stays. {@code current} null means none is stored.
   */
  public static LeaderRecord claim(LeaderRecord current, long expectedEpoch, long highestSeen, String coordinator,
                                   int members) {
    long stored = current == null ? 0 : current.epoch;
    if (stored != expectedEpoch) {
      return current;
    }
    return new LeaderRecord(Math.max(stored, highestSeen) + 1, coordinator, members);
  }

  /** The leader of {@code epoch} records the size of its quorum; any other epoch leaves the record as it is. */
  public static LeaderRecord confirm(LeaderRecord current, long epoch, int members) {
    if (current == null || current.epoch != epoch) {
      return current;
    }
    return new LeaderRecord(epoch, current.leader, members);
  }

  /** True when this record, the result of a claim that read {@code expectedEpoch}, says {@code coordinator} won. */
  public boolean wonBy(String coordinator, long expectedEpoch) {
    return leader.equals(coordinator) && epoch > expectedEpoch;
  }

  public String encode() {
    return new JsonObject().put("epoch", epoch).put("leader", leader).put("members", members).encode();
  }

  /** The record a JSON string holds; null for null. */
  public static LeaderRecord decode(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonObject o = new JsonObject(json);
      return new LeaderRecord(o.getLong("epoch"), o.getString("leader"), o.getInteger("members"));
    } catch (DecodeException | NullPointerException | ClassCastException e) {
      throw new IllegalStateException("the leader record is not valid JSON with epoch, leader and members: " + json, e);
    }
  }
}

package io.weir.cluster.ha;

import io.vertx.core.json.JsonObject;

/** Where a job's latest completed checkpoint is: its id and its metadata's location in checkpoint storage. */
public record CheckpointPointer(long checkpointId, String location) {

  public JsonObject toJson() {
    return new JsonObject().put("id", checkpointId).put("location", location);
  }

  public static CheckpointPointer fromJson(JsonObject json) {
    return json == null ? null : new CheckpointPointer(json.getLong("id"), json.getString("location"));
  }
}

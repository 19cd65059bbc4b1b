package io.weir.connector;

import io.weir.api.function.KeySelector;
import io.weir.api.function.MapFunction;
import io.weir.cluster.ClusterMaps;
import io.weir.serde.Serde;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An idempotent sink: upserts each record into a replicated Hazelcast IMap under a key derived
 * deterministically from the record. A replay after a restart writes the same keys with the same
 * values, so the map ends up as if every record was written once (exactly-once by idempotence).
 * Writes are batched and made durable before a checkpoint's acknowledgement.
 */
public final class UpsertMapSink<T> implements Sink<T> {
  private static final int BATCH = 1000;

  private final String mapName;
  private final KeySelector<T, String> key;
  private final MapFunction<T, ?> value;

  /** {@code mapName} should start with {@code weir.} so the cluster's map config (with backups) applies. */
  public UpsertMapSink(String mapName, KeySelector<T, String> key, MapFunction<T, ?> value) {
    this.mapName = mapName;
    this.key = key;
    this.value = value;
  }

  /** The value a record was stored with, decoded. */
  public static Object decode(byte[] stored) {
    return stored == null ? null : Serde.fromBytes(stored);
  }

  @Override
  public SinkWriter<T> createWriter(SinkContext context) {
    ClusterMaps maps = ClusterMaps.of(context.vertx());
    return new SinkWriter<>() {
      private final Map<String, byte[]> batch = new LinkedHashMap<>();

      @Override
      public void write(T record) throws Exception {
        batch.put(key.getKey(record), Serde.toBytes(value.map(record)));
        if (batch.size() >= BATCH) {
          flush();
        }
      }

      private void flush() {
        if (!batch.isEmpty()) {
          maps.setAll(mapName, batch);
          batch.clear();
        }
      }

      @Override
      public List<Object> snapshot(long checkpointId) {
        flush();
        return List.of();
      }

      @Override
      public void endOfInput() {
        flush();
      }

      @Override
      public void close() {
        batch.clear();
      }
    };
  }

  @Override
  public Guarantee guarantee() {
    return Guarantee.EXACTLY_ONCE;
  }

  /** An upsert by key: writing a record again leaves the map as it was. */
  @Override
  public boolean idempotent() {
    return true;
  }
}

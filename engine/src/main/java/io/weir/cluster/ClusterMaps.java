package io.weir.cluster;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Replicated maps of bytes shared by the cluster: a Hazelcast IMap with backups in a cluster
 * (installed by the node that starts Vert.x), plain maps in one JVM. Used by the IMap checkpoint
 * storage and the upsert sink. Calls block: use them from worker threads only.
 */
public interface ClusterMaps {

  void set(String map, String key, byte[] value);

  /** Writes many entries in one round trip. */
  void setAll(String map, Map<String, byte[]> entries);

  byte[] get(String map, String key);

  void delete(String map, String key);

  Set<String> keys(String map, String prefix);

  int size(String map);

  /** The maps of the cluster {@code vertx} belongs to; in-JVM maps when none was installed. */
  static ClusterMaps of(Vertx vertx) {
    return Registry.INSTALLED.computeIfAbsent(vertx, v -> new InMemory());
  }

  static void install(Vertx vertx, ClusterMaps maps) {
    Registry.INSTALLED.put(vertx, maps);
  }

  static void uninstall(Vertx vertx) {
    Registry.INSTALLED.remove(vertx);
  }

  /** The maps each Vert.x instance of this JVM uses. */
  final class Registry {
    private static final Map<Vertx, ClusterMaps> INSTALLED = new ConcurrentHashMap<>();

    private Registry() {
    }
  }

  /** Maps in this JVM only, for a Vert.x instance that is not clustered. */
  final class InMemory implements ClusterMaps {
    private final Map<String, Map<String, byte[]>> maps = new ConcurrentHashMap<>();

    private Map<String, byte[]> map(String name) {
      return maps.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    @Override
    public void set(String map, String key, byte[] value) {
      map(map).put(key, value);
    }

    @Override
    public void setAll(String map, Map<String, byte[]> entries) {
      map(map).putAll(entries);
    }

    @Override
    public byte[] get(String map, String key) {
      return map(map).get(key);
    }

    @Override
    public void delete(String map, String key) {
      map(map).remove(key);
    }

    @Override
    public Set<String> keys(String map, String prefix) {
      return map(map).keySet().stream().filter(k -> k.startsWith(prefix)).collect(Collectors.toSet());
    }

    @Override
    public int size(String map) {
      return map(map).size();
    }
  }
}

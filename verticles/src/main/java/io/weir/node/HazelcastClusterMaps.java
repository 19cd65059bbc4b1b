package io.weir.node;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.weir.cluster.ClusterMaps;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@link ClusterMaps} on Hazelcast IMaps (the {@code weir.*} maps have a backup, see weir-loopback.xml). */
final class HazelcastClusterMaps implements ClusterMaps {
  private final HazelcastInstance hazelcast;

  HazelcastClusterMaps(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  private IMap<String, byte[]> map(String name) {
    return hazelcast.getMap(name);
  }

  @Override
  public void set(String map, String key, byte[] value) {
    map(map).set(key, value);
  }

  @Override
  public void setAll(String map, Map<String, byte[]> entries) {
    map(map).setAll(entries);
  }

  @Override
  public byte[] get(String map, String key) {
    return map(map).get(key);
  }

  @Override
  public void delete(String map, String key) {
    map(map).delete(key);
  }

  @Override
  public Set<String> keys(String map, String prefix) {
    String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    Set<String> keys = new HashSet<>();
    for (String k : map(map).keySet(Predicates.like("__key", pattern))) {
      if (k.startsWith(prefix)) {
        keys.add(k);
      }
    }
    return keys;
  }

  @Override
  public int size(String map) {
    return map(map).size();
  }
}

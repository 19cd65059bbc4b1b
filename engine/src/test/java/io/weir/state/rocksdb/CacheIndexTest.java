package io.weir.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cache's index finds every key it holds and no other, and keeps them in the order of use, through adds, uses and removals. */
class CacheIndexTest {
  private static CacheIndex.Node node(String key) {
    CacheIndex.Node n = new CacheIndex.Node();
    n.key = key.getBytes(StandardCharsets.UTF_8);
    n.hash = CacheIndex.hash(n.key, n.key.length);
    return n;
  }

  private static CacheIndex.Node find(CacheIndex index, String key) {
    byte[] probe = (key + "-and-more-of-the-buffer").getBytes(StandardCharsets.UTF_8); // a prefix of a longer buffer, as the codec's
    int length = key.getBytes(StandardCharsets.UTF_8).length;
    return index.find(probe, length, CacheIndex.hash(probe, length));
  }

  private static List<String> inOrderOfUse(CacheIndex index) {
    List<String> keys = new ArrayList<>();
    for (CacheIndex.Node n = index.oldest(); n != null; n = CacheIndex.newer(n)) {
      keys.add(new String(n.key, StandardCharsets.UTF_8));
    }
    return keys;
  }

  @Test
  void agreesWithAnAccessOrderedMapThroughRandomAddsUsesAndRemovals() {
    CacheIndex index = new CacheIndex();
    Map<String, CacheIndex.Node> model = new LinkedHashMap<>(16, 0.75f, true);
    Random random = new Random(42);
    for (int step = 0; step < 200_000; step++) {
      String key = "k" + random.nextInt(3000);
      CacheIndex.Node found = find(index, key);
      assertThat(found).as("%s at step %d", key, step).isSameAs(model.get(key));
      int op = random.nextInt(10);
      if (found == null && op < 6) {
        CacheIndex.Node n = node(key);
        index.add(n);
        model.put(key, n);
      } else if (found != null && op < 3) {
        index.remove(found);
        model.remove(key);
      } else if (found != null) {
        index.used(found);
      }
      if (step % 10_000 == 0) {
        assertThat(inOrderOfUse(index)).isEqualTo(new ArrayList<>(model.keySet()));
      }
    }
    assertThat(index.size()).isEqualTo(model.size());
    assertThat(inOrderOfUse(index)).isEqualTo(new ArrayList<>(model.keySet()));
    for (int k = 0; k < 3000; k++) {
      assertThat(find(index, "k" + k)).as("k%d", k).isSameAs(model.get("k" + k));
    }
    index.clear();
    assertThat(index.size()).isZero();
    assertThat(index.oldest()).isNull();
    assertThat(find(index, "k1")).isNull();
  }

  @Test
  void aKeyIsNotFoundByAProbeThatIsOnlyItsPrefixOrExtendsIt() {
    CacheIndex index = new CacheIndex();
    CacheIndex.Node ab = node("ab");
    index.add(ab);
    assertThat(find(index, "ab")).isSameAs(ab);
    assertThat(find(index, "a")).isNull();
    assertThat(find(index, "abc")).isNull();
  }
}

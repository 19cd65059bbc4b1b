package io.weir.testing;

import io.weir.connector.Sink;
import io.weir.connector.SinkContext;
import io.weir.connector.SinkWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The sinks of {@link TestJobs}: one that collects, one that takes records only while the test lets it, one that drops. */
public final class TestSinks {
  private TestSinks() {
  }

  /** Keeps what each subtask wrote, for the test to read; records whether each subtask saw its end of input. */
  public static final class CollectingSink<T> implements Sink<T> {
    private static final Map<String, Map<Integer, List<Object>>> WRITTEN = new ConcurrentHashMap<>();
    private static final Map<String, List<Integer>> ENDED = new ConcurrentHashMap<>();
    private final String name;

    public CollectingSink(String name) {
      this.name = name;
    }

    /** Every record written under {@code name}, by subtask. */
    public static Map<Integer, List<Object>> written(String name) {
      return new TreeMap<>(WRITTEN.getOrDefault(name, Map.of()));
    }

    public static List<Object> all(String name) {
      List<Object> all = new ArrayList<>();
      written(name).values().forEach(all::addAll);
      return all;
    }

    public static List<Integer> ended(String name) {
      return ENDED.getOrDefault(name, List.of());
    }

    public static void forget(String name) {
      WRITTEN.remove(name);
      ENDED.remove(name);
    }

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
      List<Object> mine = Collections.synchronizedList(new ArrayList<>());
      WRITTEN.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(context.subtaskIndex(), mine);
      return new SinkWriter<>() {
        @Override
        public void write(T record) {
          mine.add(record);
        }

        @Override
        public void endOfInput() {
          ENDED.computeIfAbsent(name, n -> Collections.synchronizedList(new ArrayList<>())).add(context.subtaskIndex());
        }

        @Override
        public void close() {
        }
      };
    }

    @Override
    public Guarantee guarantee() {
      return Guarantee.AT_LEAST_ONCE;
    }
  }

  /**
   * A sink that accepts a quota of records, then tells its task it is not writable until the test
   * grants more ({@link Gate#allow}); it keeps every record it was given.
   */
  public static final class GatedSink implements Sink<Long> {
    private final String name;

    public GatedSink(String name) {
      this.name = name;
    }

    @Override
    public SinkWriter<Long> createWriter(SinkContext context) {
      Gate gate = Gate.named(name);
      gate.contexts.put(context.subtaskIndex(), context);
      List<Object> mine = Collections.synchronizedList(new ArrayList<>());
      gate.received.put(context.subtaskIndex(), mine);
      return new SinkWriter<>() {
        @Override
        public void write(Long record) {
          mine.add(record);
          gate.accepted++;
          if (gate.accepted >= gate.quota) {
            context.setWritable(false);
          }
        }

        @Override
        public void close() {
        }
      };
    }

    @Override
    public Guarantee guarantee() {
      return Guarantee.AT_LEAST_ONCE;
    }
  }

  /** The test's handle on a {@link GatedSink}: how many records its writers may accept in all. */
  public static final class Gate {
    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();
    final Map<Integer, SinkContext> contexts = new ConcurrentHashMap<>();
    final Map<Integer, List<Object>> received = new ConcurrentHashMap<>();
    private long quota;
    private long accepted;

    public static Gate named(String name) {
      return GATES.computeIfAbsent(name, n -> new Gate());
    }

    public static void forget(String name) {
      GATES.remove(name);
    }

    /** The writers' first quota, set before they are created. */
    public void quota(long records) {
      quota = records;
    }

    /** Lets the writers accept {@code more} records in all; call on the tasks' thread. */
    public void allow(long more) {
      quota = accepted + more;
      contexts.values().forEach(c -> c.setWritable(true));
    }

    public long accepted() {
      return accepted;
    }

    public List<Object> all() {
      List<Object> all = new ArrayList<>();
      new TreeMap<>(received).values().forEach(all::addAll);
      return all;
    }
  }

  /** A sink that drops everything. */
  public static final class DiscardingSink<T> implements Sink<T> {
    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
      return new SinkWriter<>() {
        @Override
        public void write(T record) {
        }

        @Override
        public void close() {
        }
      };
    }

    @Override
    public Guarantee guarantee() {
      return Guarantee.EXACTLY_ONCE;
    }
  }
}

package io.weir.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.api.Pipeline;
import io.weir.api.Stream;
import io.weir.connector.GeneratorSource;
import io.weir.connector.Sink;
import io.weir.connector.SinkContext;
import io.weir.connector.SinkWriter;
import io.weir.runtime.TaskId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobGraphTest {
  private static final int MAX_P = 128;

  static final class Discard<T> implements Sink<T> {
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
      return Guarantee.AT_LEAST_ONCE;
    }
  }

  private static Stream<Long> numbers(Pipeline p) {
    return p.source("numbers", GeneratorSource.bounded(100, n -> n));
  }

  private static List<String> chainNames(TaskVertex t) {
    return t.chain().stream().map(Vertex::name).toList();
  }

  @Test
  void sourceMapFilterAndSinkChainIntoOneTask() {
    Pipeline p = new Pipeline("chained");
    numbers(p).map("double", n -> n * 2).filter("small", n -> n < 50).sink("out", new Discard<>());

    JobGraph g = p.graph().build(2, MAX_P, false);

    assertThat(g.tasks()).hasSize(1);
    TaskVertex t = g.tasks().get(0);
    assertThat(chainNames(t)).containsExactly("numbers", "double", "small", "out");
    assertThat(t.name()).isEqualTo("numbers -> double -> small -> out");
    assertThat(t.parallelism()).isEqualTo(2);
    assertThat(t.isSource()).isTrue();
    assertThat(t.hasSink()).isTrue();
    assertThat(t.inputs()).isEmpty();
    assertThat(t.outputs()).isEmpty();
    for (Vertex v : g.vertices()) {
      assertThat(g.taskOfVertex(v.id())).isSameAs(t);
    }
  }

  @Test
  void keyByBreaksTheChain() {
    Pipeline p = new Pipeline("keyed");
    numbers(p).map("mod", n -> n % 7).keyBy(n -> n).reduce("sum", Long::sum).sink("out", new Discard<>());

    JobGraph g = p.graph().build(2, MAX_P, false);

    assertThat(g.tasks()).extracting(JobGraphTest::chainNames)
        .containsExactly(List.of("numbers", "mod"), List.of("sum", "out"));
    TaskVertex upstream = g.tasks().get(0);
    TaskVertex keyed = g.tasks().get(1);
    assertThat(upstream.outputs()).singleElement().satisfies(e -> {
      assertThat(e.partitioning()).isEqualTo(Partitioning.HASH);
      assertThat(e.keySelector()).isNotNull();
    });
    assertThat(keyed.inputs()).isEqualTo(upstream.outputs());
    assertThat(keyed.head().keyed()).isTrue();
    assertThat(keyed.inputChannels(g)).as("one channel per upstream subtask").isEqualTo(2);
  }

  @Test
  void aFanOutStaysInItsTaskAndOnlyTheKeyedEdgesLeaveIt() {
    Pipeline p = new Pipeline("fan-out");
    Stream<Long> numbers = numbers(p);
    numbers.filter("even", n -> n % 2 == 0).keyBy(n -> n).reduce("sum", Long::sum).sink("out", new Discard<>());
    numbers.map("odd", n -> n + 1).map("odd-twice", n -> n * 2).sink("odd-out", new Discard<>());

    JobGraph g = p.graph().build(2, MAX_P, false);

    assertThat(g.tasks()).extracting(JobGraphTest::chainNames)
        .containsExactly(List.of("numbers", "even", "odd", "odd-twice", "odd-out"), List.of("sum", "out"));
    TaskVertex source = g.tasks().get(0);
    assertThat(source.name()).isEqualTo("numbers -> (even | odd -> odd-twice -> odd-out)");
    Vertex numbersVertex = source.head();
    assertThat(source.chainedOutputsOf(numbersVertex.id())).hasSize(2);
    assertThat(source.outputs()).singleElement().satisfies(e -> {
      assertThat(g.vertex(e.source()).name()).isEqualTo("even");
      assertThat(e.partitioning()).isEqualTo(Partitioning.HASH);
    });
    assertThat(source.outputsOf(numbersVertex.id())).isEmpty();
    assertThat(g.tasks().get(1).inputs()).isEqualTo(source.outputs());
    assertThat(source.hasSink()).isTrue();
  }

  @Test
  void differentParallelismBreaksTheChainAndTurnsForwardIntoRebalance() {
    Pipeline p = new Pipeline("rescaled");
    numbers(p).parallelism(2).map("wide", n -> n).parallelism(3).sink("out", new Discard<>());

    JobGraph g = p.graph().build(3, MAX_P, false);

    assertThat(g.tasks()).extracting(JobGraphTest::chainNames)
        .containsExactly(List.of("numbers"), List.of("wide", "out"));
    assertThat(g.tasks()).extracting(TaskVertex::parallelism).containsExactly(2, 3);
    Edge numbersToWide = g.tasks().get(0).outputs().get(0);
    assertThat(numbersToWide.partitioning()).isEqualTo(Partitioning.REBALANCE);
    assertThat(numbersToWide.allToAll()).isTrue();
    assertThat(g.tasks().get(1).inputChannels(g)).as("one channel per upstream subtask").isEqualTo(2);
  }

  @Test
  void aSinkOfAnotherParallelismIsNotChained() {
    Pipeline p = new Pipeline("narrowing");
    numbers(p).map("m", n -> n).sink("out", new Discard<>()).parallelism(1);

    JobGraph g = p.graph().build(2, MAX_P, false);

    assertThat(g.tasks()).extracting(JobGraphTest::chainNames)
        .containsExactly(List.of("numbers", "m"), List.of("out"));
    assertThat(g.edges().get(1).partitioning()).isEqualTo(Partitioning.REBALANCE);
  }

  @Test
  void disabledChainingKeepsAForwardEdgeBetweenTwoTasks() {
    Pipeline p = new Pipeline("unchained");
    numbers(p).map("alone", n -> n).disableChaining().sink("out", new Discard<>());

    JobGraph g = p.graph().build(2, MAX_P, false);

    assertThat(g.tasks()).extracting(JobGraphTest::chainNames)
        .containsExactly(List.of("numbers"), List.of("alone"), List.of("out"));
    assertThat(g.edges()).extracting(Edge::partitioning).containsOnly(Partitioning.FORWARD);
    assertThat(g.tasks().get(1).inputChannels(g)).as("a forward edge is one channel").isEqualTo(1);
  }

  @Test
  void anAllToAllJobIsOneRegion() {
    Pipeline p = new Pipeline("all-to-all");
    numbers(p).keyBy(n -> n % 3).reduce("sum", Long::sum).sink("out", new Discard<>());

    JobGraph g = p.graph().build(2, MAX_P, false);

    assertThat(g.allSubtasks()).hasSize(4);
    assertThat(g.regions()).hasSize(1);
    assertThat(g.regions().get(0)).containsExactlyInAnyOrderElementsOf(g.allSubtasks());
  }

  @Test
  void aForwardOnlyPipelineOfParallelismThreeHasThreeRegions() {
    Pipeline p = new Pipeline("forward");
    numbers(p).map("m", n -> n).sink("out", new Discard<>());

    JobGraph g = p.graph().build(3, MAX_P, false);

    assertThat(g.regions()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      TaskId subtask = new TaskId(g.tasks().get(0).id(), i);
      assertThat(g.regionOf(subtask)).containsExactly(subtask);
    }
  }

  @Test
  void unchainedForwardTasksFormOneRegionPerSubtaskIndex() {
    Pipeline p = new Pipeline("forward-unchained");
    numbers(p).map("m", n -> n).disableChaining().sink("out", new Discard<>());

    JobGraph g = p.graph().build(3, MAX_P, false);

    assertThat(g.regions()).hasSize(3);
    Set<Set<TaskId>> expected = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      Set<TaskId> region = new HashSet<>();
      for (TaskVertex t : g.tasks()) {
        region.add(new TaskId(t.id(), i));
      }
      expected.add(region);
    }
    assertThat(new HashSet<>(g.regions())).isEqualTo(expected);
  }

  @Test
  void twoOperatorsWithTheSameNameAreRejected() {
    Pipeline p = new Pipeline("dupes");
    Stream<Long> s = numbers(p);
    assertThatThrownBy(() -> s.map("numbers", n -> n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dupes: two operators are named 'numbers'; names must be unique");
  }

  @Test
  void renamingOntoAnExistingNameIsRejected() {
    Pipeline p = new Pipeline("dupes");
    Stream<Long> m = numbers(p).map("m", n -> n);
    assertThatThrownBy(() -> m.name("numbers"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two operators are named 'numbers'");
  }

  @Test
  void aStreamWithoutASinkIsRejectedNamingTheOperator() {
    Pipeline p = new Pipeline("no-sink");
    numbers(p).map("dangling", n -> n);
    assertThatThrownBy(() -> p.graph().build(1, MAX_P, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no-sink: the output of 'dangling' goes nowhere (add a sink)");
  }

  @Test
  void aJobWithoutASourceIsRejected() {
    Pipeline p = new Pipeline("empty");
    assertThatThrownBy(() -> p.graph().build(1, MAX_P, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty declares no source");
  }

  @Test
  void parallelismAboveMaxParallelismIsRejected() {
    Pipeline p = new Pipeline("too-wide");
    numbers(p).parallelism(9).sink("out", new Discard<>());
    assertThatThrownBy(() -> p.graph().build(1, 8, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parallelism 9 of 'numbers' exceeds max-parallelism 8");
  }

  @Test
  void declaredParallelismWinsOverTheDefaultUnlessOverridden() {
    Pipeline p = new Pipeline("declared");
    numbers(p).parallelism(4).map("m", n -> n).sink("out", new Discard<>());
    JobGraph g = p.graph().build(2, MAX_P, false);
    assertThat(g.vertices()).extracting(Vertex::parallelism).containsExactly(4, 2, 2);

    Pipeline q = new Pipeline("overridden");
    numbers(q).parallelism(4).map("m", n -> n).sink("out", new Discard<>());
    JobGraph h = q.graph().build(2, MAX_P, true);
    assertThat(h.vertices()).extracting(Vertex::parallelism).containsExactly(2, 2, 2);
    assertThat(h.tasks()).hasSize(1);
  }
}

package io.weir.runtime.graph;

import io.weir.api.time.WatermarkStrategy;
import io.weir.connector.Sink;
import io.weir.connector.Source;
import io.weir.runtime.operator.StreamOperator;
import java.util.function.Supplier;

/**
 * One operator of a job's dataflow, as the user declared it: a source, an operator or a sink, with
 * its parallelism. {@code name} is unique in the job and is how checkpoints find its state.
 */
public final class Vertex {
  public enum Kind { SOURCE, OPERATOR, SINK }

  private final int id;
  private final Kind kind;
  private String name;
  private int parallelism;
  private boolean chainable = true;
  private final Source<?> source;
  private final Supplier<? extends StreamOperator> operator;
  private final Sink<?> sink;
  private final boolean keyed;
  private WatermarkStrategy<?> watermarks;

  private Vertex(int id, Kind kind, String name, Source<?> source, Supplier<? extends StreamOperator> operator,
                 Sink<?> sink, boolean keyed) {
    this.id = id;
    this.kind = kind;
    this.name = name;
    this.source = source;
    this.operator = operator;
    this.sink = sink;
    this.keyed = keyed;
    this.parallelism = -1;
  }

  public static Vertex source(int id, String name, Source<?> source) {
    return new Vertex(id, Kind.SOURCE, name, source, null, null, false);
  }

  public static Vertex operator(int id, String name, Supplier<? extends StreamOperator> operator, boolean keyed) {
    return new Vertex(id, Kind.OPERATOR, name, null, operator, null, keyed);
  }

  public static Vertex sink(int id, String name, Sink<?> sink) {
    return new Vertex(id, Kind.SINK, name, null, null, sink, false);
  }

  public int id() {
    return id;
  }

  public Kind kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  void name(String name) {
    this.name = name;
  }

  /** The declared parallelism, or -1 for the job's default. */
  public int parallelism() {
    return parallelism;
  }

  void parallelism(int parallelism) {
    this.parallelism = parallelism;
  }

  public boolean chainable() {
    return chainable;
  }

  void disableChaining() {
    this.chainable = false;
  }

  public Source<?> source() {
    return source;
  }

  public StreamOperator newOperator() {
    return operator.get();
  }

  /** A source's watermark strategy, or null when its records carry no event time. */
  public WatermarkStrategy<?> watermarkStrategy() {
    return watermarks;
  }

  void watermarkStrategy(WatermarkStrategy<?> strategy) {
    this.watermarks = strategy;
  }

  public Sink<?> sink() {
    return sink;
  }

  /** Whether the operator keeps keyed state (it follows a hash edge). */
  public boolean keyed() {
    return keyed;
  }
}

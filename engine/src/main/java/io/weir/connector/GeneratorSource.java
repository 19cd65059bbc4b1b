package io.weir.connector;


import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic source: record {@code n} is {@code generator.generate(n)} for n in 0..count-1
 * (count {@link #UNBOUNDED} never ends), optionally limited to a total rate. The sequence is cut
 * into {@code splits} interleaved splits (split i holds i, i+splits, i+2·splits, ...) whose
 * positions are checkpointed, so a restored job regenerates exactly what it had not yet emitted.
 */
public final class GeneratorSource<T> implements Source<T> {
  public static final long UNBOUNDED = Long.MAX_VALUE;
  public static final int DEFAULT_SPLITS = 128;

  /** Makes record {@code n}; must depend on n alone. */
  @FunctionalInterface
  public interface Generator<T> {
    T generate(long n);
  }

  /** The split holding sequence numbers {@code index + k·stride}, positioned at {@code next}. */
  public record GeneratorSplit(int index, long next, int stride) implements SourceSplit {
  }

  private final long count;
  private final Generator<T> generator;
  private final double ratePerSecond;
  private final int splits;

  private GeneratorSource(long count, Generator<T> generator, double ratePerSecond, int splits) {
    if (count < 0) {
      throw new IllegalArgumentException("a generator's count must not be negative, got " + count);
    }
    if (ratePerSecond < 0) {
      throw new IllegalArgumentException("a generator's rate must not be negative, got " + ratePerSecond);
    }
    this.count = count;
    this.generator = generator;
    this.ratePerSecond = ratePerSecond;
    this.splits = splits;
  }

  public static <T> GeneratorSource<T> bounded(long count, Generator<T> generator) {
    return new GeneratorSource<>(count, generator, 0, DEFAULT_SPLITS);
  }

  public static <T> GeneratorSource<T> unbounded(Generator<T> generator) {
    return new GeneratorSource<>(UNBOUNDED, generator, 0, DEFAULT_SPLITS);
  }

  /** The same source limited to {@code recordsPerSecond} in total over all subtasks (0: unlimited). */
  public GeneratorSource<T> withRate(double recordsPerSecond) {
    return new GeneratorSource<>(count, generator, recordsPerSecond, splits);
  }

  public long count() {
    return count;
  }

  @Override
  public List<SourceSplit> splits() {
    List<SourceSplit> result = new ArrayList<>();
    for (int i = 0; i < splits; i++) {
      result.add(new GeneratorSplit(i, i, splits));
    }
    return result;
  }

  @Override
  public SourceReader<T> createReader(SourceContext context) {
    return new Reader(context);
  }

  private final class Reader implements SourceReader<T> {
    private final SourceContext context;
    private GeneratorSplit[] assigned = new GeneratorSplit[0];
    private long[] next = new long[0];
    private int current;
    private long emitted;
    private long startNanos;
    private final double rate;

    Reader(SourceContext context) {
      this.context = context;
      this.rate = ratePerSecond / context.parallelism();
    }

    @Override
    public void addSplits(List<SourceSplit> added) {
      List<GeneratorSplit> all = new ArrayList<>(List.of(assigned));
      for (SourceSplit s : added) {
        all.add((GeneratorSplit) s);
      }
      assigned = all.toArray(new GeneratorSplit[0]);
      next = new long[assigned.length];
      for (int i = 0; i < assigned.length; i++) {
        next[i] = assigned[i].next();
      }
    }

    @Override
    public Status poll(SourceOutput<T> output) {
      if (startNanos == 0) {
        startNanos = context.nanoTime();
      }
      long budget = Long.MAX_VALUE;
      if (rate > 0) {
        double elapsed = (context.nanoTime() - startNanos) / 1e9;
        budget = (long) (elapsed * rate) + 1 - emitted;
        if (budget <= 0) {
          return Status.NOTHING_AVAILABLE;
        }
      }
      int exhausted = 0;
      while (exhausted < assigned.length && budget > 0 && output.wantsMore()) {
        int stride = assigned[current].stride();
        long n = next[current];
        if (n >= count) {
          exhausted++;
          current = current + 1 == assigned.length ? 0 : current + 1;
          continue;
        }
        exhausted = 0;
        // a run from one split, then the next split
        SourceOutput<T> splitOutput = output.forSplit(assigned[current].index());
        for (int k = 0; k < 64 && n < count && budget > 0; k++) {
          splitOutput.emit(generator.generate(n));
          n += stride;
          budget--;
          emitted++;
        }
        next[current] = n;
        current = current + 1 == assigned.length ? 0 : current + 1;
      }
      if (exhausted >= assigned.length) {
        return Status.END_OF_INPUT;
      }
      return budget <= 0 ? Status.NOTHING_AVAILABLE : Status.MORE_AVAILABLE;
    }

    @Override
    public long retryAfterNanos() {
      return rate > 0 ? Math.max(1_000_000L, (long) (1e9 / rate)) : 1_000_000L;
    }

    @Override
    public List<SourceSplit> snapshot() {
      List<SourceSplit> result = new ArrayList<>();
      for (int i = 0; i < assigned.length; i++) {
        result.add(new GeneratorSplit(assigned[i].index(), next[i], assigned[i].stride()));
      }
      return result;
    }

    @Override
    public String position() {
      long done = 0;
      for (int i = 0; i < assigned.length; i++) {
        done += Math.max(0, (Math.min(next[i], count) - assigned[i].index() + assigned[i].stride() - 1) / assigned[i].stride());
      }
      return "after " + done + " generated records";
    }
  }

}

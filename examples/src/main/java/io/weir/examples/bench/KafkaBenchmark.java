package io.weir.examples.bench;

import io.weir.examples.KafkaCountTool;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Kafka benchmark (a program, not a test): Kafka → keyed count → Kafka with {@code kafka-count
 * --bounded} in {@code local} mode, exactly-once (Kafka transactions, checkpoints every 1 s)
 * against at-least-once (the same checkpoints, an idempotent producer flushed on each barrier).
 * Prints records/s for each, the median of three interleaved runs. Needs a broker, such as the one
 * {@code examples/scripts/kafka-broker.sh} starts:
 *
 * <pre>java -cp verticles/target/weir.jar io.weir.examples.bench.KafkaBenchmark --bootstrap 127.0.0.1:9092 [--records N] [--keys K]</pre>
 */
public final class KafkaBenchmark {
  private KafkaBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    String bootstrap = null;
    long records = 2_000_000;
    long keys = 10_000;
    int partitions = 4;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--bootstrap" -> bootstrap = args[++i];
        case "--records" -> records = Long.parseLong(args[++i]);
        case "--keys" -> keys = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--bootstrap HOST:PORT, --records N, --keys K)");
      }
    }
    if (bootstrap == null) {
      throw new IllegalArgumentException("--bootstrap HOST:PORT is required (start a broker with examples/scripts/kafka-broker.sh)");
    }
    String run = UUID.randomUUID().toString().substring(0, 6);
    String in = "bench-in-" + run;
    KafkaCountTool.createTopic(bootstrap, in, partitions);
    long perKey = Math.max(1, records / keys);
    KafkaCountTool.produce(bootstrap, in, keys, perKey, 0);
    System.out.printf("Kafka -> keyed count -> Kafka: %,d records over %,d keys, %d partitions, local mode parallelism 2,"
        + " checkpoints every 1 s; %d cores%n%n", keys * perKey, keys, partitions, Runtime.getRuntime().availableProcessors());

    Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
    for (int round = 0; round < 3; round++) {
      for (String guarantee : new String[] {"exactly-once", "at-least-once"}) {
        String out = "bench-out-" + run + "-" + guarantee + "-" + round;
        KafkaCountTool.createTopic(bootstrap, out, partitions);
        Map<String, String> r = Bench.local(List.of("-Xmx2g"), "--workers", "1", "--slots", "4", "-p", "2",
            "--checkpoint-interval", "1s", "kafka-count", "--bootstrap", bootstrap, "--in", in, "--out", out,
            "--guarantee", guarantee, "--bounded", "--transactional-id", out);
        rates.computeIfAbsent(guarantee, g -> new java.util.ArrayList<>()).add(Double.parseDouble(r.get("events_per_s")));
      }
    }
    double exactlyOnce = median(rates.get("exactly-once"));
    double atLeastOnce = median(rates.get("at-least-once"));
    System.out.printf("exactly-once  (Kafka transactions, 1 s checkpoints) %14s%n", Bench.rate(exactlyOnce));
    System.out.printf("at-least-once (flush on each barrier, 1 s)          %14s  (exactly-once runs at %.0f%% of it)%n",
        Bench.rate(atLeastOnce), 100 * exactlyOnce / atLeastOnce);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}

package io.weir.examples;

import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.connector.Sink;
import io.weir.connector.kafka.KafkaRecordSerializer;
import io.weir.connector.kafka.KafkaSink;
import io.weir.connector.kafka.KafkaSource;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Kafka in, a keyed count, Kafka out: each record of topic {@code --in} holds a key (a number, as
 * text); a keyed operator counts the records of each key; every record yields {@code key,count},
 * keyed by the key, in topic {@code --out}. With {@code --guarantee exactly-once} (the default) a
 * {@code read_committed} consumer of the output sees every {@code k,c} exactly once, whatever fails.
 * {@code --bounded} stops at the input's end as it was at the start; otherwise the job runs until
 * cancelled. {@link KafkaCountTool} produces input for it and checks its output.
 */
public final class KafkaCount implements Job {

  @Override
  public String name() {
    return "kafka-count";
  }

  @Override
  public String usage() {
    return "kafka-count --bootstrap HOST:PORT --in TOPIC --out TOPIC [--guarantee exactly-once|at-least-once]"
        + " [--transactional-id PREFIX] [--dead-letter TOPIC] [--bounded]";
  }

  @Override
  public void build(Pipeline pipeline, JobArgs args) {
    String bootstrap = args.require("--bootstrap", "HOST:PORT (the Kafka brokers)");
    String in = args.require("--in", "TOPIC (the input: one key per record)");
    String out = args.require("--out", "TOPIC (the output: key,count per input record)");
    String guarantee = args.string("--guarantee", "exactly-once");
    String deadLetter = args.string("--dead-letter", null);
    boolean bounded = args.flag("--bounded");
    String transactionalId = args.string("--transactional-id", "weir-kafka-count-" + out);
    KafkaSource<Long> source = KafkaSource.topics(bootstrap, List.of(in), r -> {
      if (r.value() == null) {
        throw new IllegalArgumentException("the record has no value (expected a key: a number)");
      }
      return Long.parseLong(new String(r.value(), StandardCharsets.UTF_8).trim());
    });
    if (deadLetter != null) {
      source = source.deadLetterTopic(deadLetter);
    }
    if (bounded) {
      source = source.bounded();
    }
    KafkaRecordSerializer<String> lines = KafkaRecordSerializer.ofStrings(line -> line.substring(0, line.indexOf(',')), line -> line);
    Sink<String> sink = switch (guarantee) {
      case "exactly-once" -> KafkaSink.exactlyOnce(bootstrap, out, lines)
          .transactionalIdPrefix(transactionalId);
      case "at-least-once" -> KafkaSink.atLeastOnce(bootstrap, out, lines);
      default -> throw args.error("--guarantee must be exactly-once or at-least-once, got '" + guarantee + "'");
    };
    pipeline.source("events", source)
        .keyBy(key -> key)
        .process("count", new CheckedCount.RunningCount())
        .sink("output", sink);
  }
}

package io.weir.examples;

import io.weir.api.Job;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Input and checks for {@link KafkaCount}:
 * <pre>
 * KafkaCountTool topic   BOOTSTRAP TOPIC PARTITIONS         create a topic
 * KafkaCountTool produce BOOTSTRAP TOPIC KEYS PER_KEY [RATE] record n holds key n mod KEYS, RATE records/s (0: at once)
 * KafkaCountTool check   BOOTSTRAP TOPIC KEYS PER_KEY [WAIT_S] read_committed: is every k,c there exactly once?
 * </pre>
 * {@code check} reads until every expected line has come and it has reached the last stable
 * offsets, or until nothing new came for WAIT_S seconds (default 60); its last line is the
 * verdict, as {@link CheckedCountOutput}'s (which it uses).
 */
public final class KafkaCountTool {
  private KafkaCountTool() {
  }

  public static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  /** Writes KEYS × PER_KEY records, record n holding the key n mod KEYS, at {@code rate} records/s (0: unlimited). */
  public static void produce(String bootstrap, String topic, long keys, long perKey, double rate) throws Exception {
    try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
      long start = System.nanoTime();
      long total = keys * perKey;
      for (long n = 0; n < total; n++) {
        if (rate > 0) {
          long due = start + (long) (n / rate * 1e9);
          long wait = due - System.nanoTime();
          if (wait > 1_000_000) {
            Thread.sleep(wait / 1_000_000);
          }
        }
        String key = Long.toString(n % keys);
        p.send(new ProducerRecord<>(topic, key, key));
      }
      p.flush();
    }
  }

  /** Reads the output with read_committed into a file and checks it as {@link CheckedCountOutput} checks files. */
  public static Job.Verdict check(String bootstrap, String topic, long keys, long perKey, Duration quietLimit) throws Exception {
    Path dir = Files.createTempDirectory("kafka-count-check");
    Path file = dir.resolve("part-" + topic + ".txt");
    long expected = keys * perKey;
    long read = 0;
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new StringDeserializer());
         BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      long lastNews = System.nanoTime();
      while (true) {
        var records = c.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, String> r : records) {
          out.write(r.value());
          out.write('\n');
          read++;
        }
        if (!records.isEmpty()) {
          lastNews = System.nanoTime();
        }
        boolean atEnd = true;
        for (var e : c.endOffsets(parts).entrySet()) {
          atEnd &= c.position(e.getKey()) >= e.getValue();
        }
        if ((read >= expected && atEnd) || System.nanoTime() - lastNews > quietLimit.toNanos()) {
          break;
        }
      }
    }
    try {
      return CheckedCountOutput.check(dir, keys, perKey, true);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  public static void main(String[] args) throws Exception {
    String usage = "usage: KafkaCountTool topic BOOTSTRAP TOPIC PARTITIONS | produce BOOTSTRAP TOPIC KEYS PER_KEY [RATE]"
        + " | check BOOTSTRAP TOPIC KEYS PER_KEY [WAIT_S]";
    if (args.length < 4) {
      System.err.println(usage);
      System.exit(2);
    }
    switch (args[0]) {
      case "topic" -> createTopic(args[1], args[2], Integer.parseInt(args[3]));
      case "produce" -> produce(args[1], args[2], Long.parseLong(args[3]), Long.parseLong(args[4]),
          args.length > 5 ? Double.parseDouble(args[5]) : 0);
      case "check" -> {
        Job.Verdict v = check(args[1], args[2], Long.parseLong(args[3]), Long.parseLong(args[4]),
            Duration.ofSeconds(args.length > 5 ? Long.parseLong(args[5]) : 60));
        System.out.println(v.summary());
        System.exit(v.ok() ? 0 : 1);
      }
      default -> {
        System.err.println(usage);
        System.exit(2);
      }
    }
  }
}

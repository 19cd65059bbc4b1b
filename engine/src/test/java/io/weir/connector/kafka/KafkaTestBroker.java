package io.weir.connector.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * The one Kafka broker of the tests and scripts: Apache Kafka in KRaft mode (a combined broker and
 * controller, no ZooKeeper, no Docker) in a JVM process of its own, bound to 127.0.0.1, with its
 * data in a directory of the caller's. A test starts one with {@link #start(Path)}; a script runs
 * {@code java -cp CLASSPATH io.weir.connector.kafka.KafkaTestBroker DIR PORT}, which formats the
 * directory and serves in the foreground until killed.
 */
public final class KafkaTestBroker implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final String bootstrap;

  private KafkaTestBroker(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.bootstrap = "127.0.0.1:" + port;
  }

  /** Starts a broker on a free port with its data and log ({@code broker.log}) under {@code dir}; waits until it serves. */
  public static KafkaTestBroker start(Path dir) throws Exception {
    Files.createDirectories(dir);
    int port = freePort();
    List<String> cmd = new ArrayList<>(List.of("java", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Djava.net.preferIPv4Stack=true", "-cp", System.getProperty("java.class.path"), KafkaTestBroker.class.getName(),
        dir.toString(), Integer.toString(port)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
    KafkaTestBroker broker = new KafkaTestBroker(p, dir, port);
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly)); // never outlive the test JVM
    try {
      broker.awaitServing(Duration.ofSeconds(90));
    } catch (Exception e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  public void createTopic(String name, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  private void awaitServing(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; see " + dir.resolve("broker.log"));
        }
        try (java.net.Socket probe = new java.net.Socket()) {
          // a plain connect first: the admin client warns on every refused connection
          probe.connect(new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1))), 1000);
          if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          // not serving yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the Kafka broker did not serve on " + bootstrap + " within " + timeout + "; see "
              + dir.resolve("broker.log"));
        }
        Thread.sleep(200);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Formats {@code DIR} (when new) and runs a broker on {@code 127.0.0.1:PORT} in this process until it is killed. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: KafkaTestBroker DIR PORT");
      System.exit(2);
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    int controllerPort = freePort();
    Files.createDirectories(dir);
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.resolve("data").toString());
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "5000");
    Path config = dir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(config)) {
      p.store(out, "written by KafkaTestBroker");
    }
    // the controller port is new on each run, so the data directory is formatted afresh each time
    Path data = dir.resolve("data");
    if (Files.exists(data)) {
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    int formatted = kafka.tools.StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
        config.toString()}, new PrintStream(System.out, true));
    if (formatted != 0) {
      System.err.println("formatting " + data + " failed");
      System.exit(1);
    }
    System.out.println("Kafka broker on 127.0.0.1:" + port + " (data in " + data + ")");
    kafka.Kafka.main(new String[] {config.toString()});
  }
}

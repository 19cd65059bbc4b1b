package io.weir.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.examples.CheckedCountOutput;
import io.weir.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event bus over mutual TLS, with separate processes: a cluster whose nodes hold certificates
 * of the cluster's CA runs a job exactly-once; a rogue process that joins Hazelcast with the
 * cluster's name but has no certificate (or one of another CA) can neither deploy a task, register
 * as a worker, nor receive the messages sent to a worker's address. The same process with the
 * cluster's certificate can, which shows the probe would see them.
 */
@Tag("slow")
class ClusterTlsIT {
  @TempDir
  Path dir;

  @Test
  void aProcessWithoutTheClusterCertificateCanNeitherSendNorReceive() throws Exception {
    TestCertificates ca = TestCertificates.ca(dir.resolve("certs"), "cluster");
    TestCertificates.Pair node = ca.issue("node");
    TestCertificates.Pair foreign = TestCertificates.ca(dir.resolve("foreign"), "foreign").issue("node");
    List<String> tls = List.of("--cluster-tls-cert", node.cert().toString(), "--cluster-tls-key", node.key().toString(),
        "--cluster-tls-ca", ca.caCert().toString());
    try (ProcessCluster cluster = ProcessCluster.start(dir.resolve("cluster"), 2, null, tls)) {
      Path out = dir.resolve("out");
      String id = cluster.submit("checked-count", 2, null, "--keys", "50", "--per-key", "400", "--rate", "20000",
          "--out", out.toString());
      assertThat(cluster.awaitJob(id, Duration.ofSeconds(120), j -> !j.getString("state").matches("CREATED|RUNNING|RESTARTING"),
          "the job ends").getString("state")).isEqualTo("FINISHED");
      assertThat(CheckedCountOutput.read(out, 50, 400).exactlyOnce()).as("exactly-once over TLS").isTrue();

      List<String> plain = rogue(cluster, "plain", Long.MAX_VALUE, List.of());
      assertThat(plain).as("the rogue's output").isNotNull();
      System.out.println("plain rogue: " + String.join("\n", plain));
      assertThat(line(plain, "deploy:")).as("a rogue without a certificate deploys nothing").startsWith("deploy: not delivered");
      assertThat(line(plain, "register:")).startsWith("register: not delivered");
      assertThat(line(plain, "received")).as("nor receives what is sent to w-2: %s", plain).isEqualTo("received 0");

      List<String> wrongCa = rogue(cluster, "foreign", Long.MAX_VALUE, List.of(foreign.cert().toString(),
          foreign.key().toString(), ca.caCert().toString()));
      assertThat(line(wrongCa, "deploy:")).as("a certificate of another CA").startsWith("deploy: not delivered");
      assertThat(line(wrongCa, "received")).isEqualTo("received 0");

      String plainJob = line(plain, "rogue job").substring("rogue job ".length());
      String foreignJob = line(wrongCa, "rogue job").substring("rogue job ".length());
      assertThat(Files.readString(cluster.dir().resolve("w-1.log"))).doesNotContain(plainJob).doesNotContain(foreignJob);
      assertThat(cluster.get("/cluster").getInteger("workers")).as("no rogue worker registered").isEqualTo(2);

      // the control: with the cluster's certificate the same probe is heard (and fenced by the epoch)
      List<String> member = rogue(cluster, "member", 0, List.of(node.cert().toString(), node.key().toString(),
          ca.caCert().toString()));
      assertThat(line(member, "deploy:")).startsWith("deploy: replied 409").contains("deposed coordinator");
      assertThat(line(member, "received")).isNotEqualTo("received 0");
    }
  }

  private static String line(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in " + lines));
  }

  /** Runs {@link RogueNode} to completion; returns its output's lines. */
  private List<String> rogue(ProcessCluster cluster, String name, long epoch, List<String> tls) throws Exception {
    Path jar = Path.of(System.getProperty("weir.jar", "target/weir.jar")).toAbsolutePath();
    Path testClasses = Path.of(RogueNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> cmd = new ArrayList<>(List.of("java", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", jar + java.io.File.pathSeparator + testClasses, RogueNode.class.getName(), cluster.clusterName(),
        Integer.toString(cluster.hzPort()), "w-2", "w-1", Long.toString(epoch), "8"));
    cmd.addAll(tls);
    Path log = dir.resolve("rogue-" + name + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the rogue process did not finish; see " + log);
    }
    return Files.readAllLines(log).stream().map(String::strip).toList();
  }
}

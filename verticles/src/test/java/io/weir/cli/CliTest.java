package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.node.LocalCluster;
import io.weir.testing.TestClusters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: bad input gets one clear line and a non-zero exit; the client commands work. */
class CliTest {
  @TempDir
  Path dir;

  /** What a command printed and its exit code. */
  record Run(int code, String out, String err) {
  }

  static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = WeirCli.execute(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private static String url() {
    LocalCluster cluster = TestClusters.shared();
    return "http://127.0.0.1:" + cluster.coordinator().restPort();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void anUnreachableCoordinatorIsOneClearLine() throws Exception {
    Run r = run("jobs", "--coordinator", "http://127.0.0.1:" + freePort());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err().strip()).startsWith("weir: cannot reach the coordinator at http://127.0.0.1:")
        .contains("is it running?").doesNotContain("\n").doesNotContain("Exception");
  }

  @Test
  void anUnknownJobIsOneClearLine() {
    Run r = run("submit", "--coordinator", url(), "no-such-job");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err().strip()).isEqualTo("weir: unknown job 'no-such-job' (known: checked-count, eventbus-count, kafka-count, keyed-count, nexmark, windowed-count, word-count)");
  }

  @Test
  void badJobArgumentsAreOneClearLine() {
    Run r = run("submit", "--coordinator", url(), "checked-count", "--keys", "-3", "--out", dir.toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err().strip()).isEqualTo("weir: checked-count: --keys must be positive, got -3");
  }

  @Test
  void anUnknownOptionOfWeirItselfIsBadUsage() {
    Run r = run("submit", "--no-such-option", "word-count");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("weir: Unknown option: '--no-such-option'").doesNotContain("\n");
  }

  @Test
  void aBadDurationIsOneClearLine() {
    Run r = run("local", "--kill-worker-after", "soon", "word-count", "--lines", "10");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err().strip()).isEqualTo("weir: --kill-worker-after: 'soon' is not a duration (use e.g. 500ms, 2s, 1m)");
  }

  @Test
  void aMalformedConfigFileNamesTheFileAndThePlace() throws Exception {
    Path config = dir.resolve("weir.json");
    Files.writeString(config, "{\n  \"checkpoint\": { \"interval\": \"1s\", }\n}\n");
    Run r = run("local", "--config", config.toString(), "word-count", "--lines", "10");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err().strip()).startsWith("weir: config file " + config + " is not valid JSON").contains("line 2");
  }

  @Test
  void anUnknownSettingNamesTheSetting() throws Exception {
    Path config = dir.resolve("weir.json");
    Files.writeString(config, "{\"heartbeat\": {\"intervall\": \"1s\"}}");
    Run r = run("local", "--config", config.toString(), "word-count", "--lines", "10");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err().strip()).isEqualTo("weir: config file " + config
        + ": unknown setting 'heartbeat.intervall' (known: interval, timeout)");
  }

  @Test
  void aRestPortInUseIsOneClearLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Run r = run("coordinator", "--cluster-name", TestClusters.uniqueName(), "--hz-port",
          Integer.toString(TestClusters.randomPort()), "--rest-port", Integer.toString(port),
          "--config", writeConfig().toString());
      assertThat(r.code()).isEqualTo(3);
      assertThat(r.err().strip().lines().filter(l -> l.startsWith("weir:")).toList())
          .containsExactly("weir: starting the coordinator failed: port " + port
              + " on 127.0.0.1 is in use (is another coordinator running?); choose another with --rest-port");
    }
  }

  @Test
  void submitJobsStatusAndCancelTalkToTheCoordinator() {
    Run submit = run("submit", "--coordinator", url(), "-p", "2", "checked-count", "--keys", "10", "--per-key", "100000",
        "--rate", "50000", "--out", dir.resolve("out").toString());
    assertThat(submit.code()).as(submit.err()).isZero();
    String id = submit.out().strip();
    assertThat(id).startsWith("checked-count-");

    Run jobs = run("jobs", "--coordinator", url());
    assertThat(jobs.code()).isZero();
    assertThat(jobs.out()).contains(id);

    Run status = run("status", "--coordinator", url(), id);
    assertThat(status.code()).isZero();
    assertThat(status.out().lines().findFirst().orElseThrow()).isIn("CREATED", "RUNNING");
    assertThat(status.out()).contains("job          " + id).contains("checkpoints");

    Run cancel = run("cancel", "--coordinator", url(), id);
    assertThat(cancel.code()).isZero();
    assertThat(run("status", "--coordinator", url(), id).out().lines().findFirst().orElseThrow()).isEqualTo("CANCELED");

    Run unknown = run("status", "--coordinator", url(), "nope-123456");
    assertThat(unknown.code()).isEqualTo(3);
    assertThat(unknown.err().strip()).startsWith("weir: no job with id 'nope-123456'");
  }

  private Path writeConfig() throws Exception {
    Path config = dir.resolve("cfg.json");
    Files.writeString(config, "{\"checkpoint\": {\"dir\": \"" + dir.resolve("cp") + "\"}, \"state\": {\"local-dir\": \""
        + dir.resolve("local") + "\"}}");
    return config;
  }
}

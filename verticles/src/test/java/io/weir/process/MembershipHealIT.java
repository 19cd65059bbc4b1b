package io.weir.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weir.testing.TestClusters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Membership heals in seconds with Weir's loopback Hazelcast settings: three bare member processes
 * ({@link HazelcastMemberMain}); one is stopped with SIGSTOP for 10 s (past the 4 s heartbeat
 * timeout, so the others remove it) and resumed with SIGCONT; the test measures how long until
 * every member lists all three again, and prints it.
 */
@Tag("slow")
class MembershipHealIT {
  private static final Duration PAUSE = Duration.ofSeconds(10);
  private final List<Member> members = new ArrayList<>();

  /** One member process and the member lists it printed, each with the time it was printed. */
  private record Member(String name, Process process, List<String[]> lists) {
    long pid() {
      return process.pid();
    }

    boolean lists(Predicate<String[]> p) {
      return lists.stream().anyMatch(p);
    }
  }

  @AfterEach
  void stop() {
    members.forEach(m -> m.process.destroyForcibly());
  }

  @Test
  void aWorkerPausedPastTheHeartbeatTimeoutIsBackWithinSecondsAndTheOthersStayTogether() throws Exception {
    startThree();
    long resumedAt = pauseAndResume(members.get(2));
    long healedAt = awaitAllListThree(resumedAt);
    long ms = healedAt - resumedAt;
    System.out.println("paused non-master member back in the cluster " + ms + " ms after SIGCONT");
    assertTrue(ms < 10_000, "healed " + ms + " ms after SIGCONT");
    for (Member healthy : members.subList(0, 2)) {
      assertTrue(!healthy.lists(l -> Long.parseLong(l[1]) >= resumedAt - PAUSE.toMillis() && Integer.parseInt(l[2]) < 2),
          healthy.name + " never lost the other healthy member");
    }
  }

  @Test
  void thePausedOldestMemberIsBackWithinSecondsOfResuming() throws Exception {
    startThree();
    long stoppedAt = System.currentTimeMillis();
    long resumedAt = pauseAndResume(members.get(0));
    long healedAt = awaitAllListThree(resumedAt);
    long ms = healedAt - resumedAt;
    boolean pairSplit = members.subList(1, 3).stream()
        .anyMatch(m -> m.lists(l -> Long.parseLong(l[1]) >= stoppedAt && Integer.parseInt(l[2]) == 1));
    System.out.println("paused master back in the cluster " + ms + " ms after SIGCONT"
        + (pairSplit ? " (the two healthy members split from each other while it was paused, and merged again)" : ""));
    assertTrue(ms < 10_000, "healed " + ms + " ms after SIGCONT");
  }

  private void startThree() throws Exception {
    String cluster = TestClusters.uniqueName();
    int port = TestClusters.randomPort();
    for (int i = 1; i <= 3; i++) {
      Member m = launch(cluster, port, "m-" + i);
      members.add(m);
      int expected = i;
      await(() -> m.lists(l -> Integer.parseInt(l[2]) == expected), Duration.ofSeconds(120), m.name + " joined");
    }
    await(() -> members.stream().allMatch(m -> last(m)[2].equals("3")), Duration.ofSeconds(60), "three members");
  }

  private long pauseAndResume(Member m) throws Exception {
    signal("STOP", m);
    long deadline = System.nanoTime() + PAUSE.toNanos();
    // the others must have removed it while it is stopped: that is what "past the heartbeat timeout" means
    await(() -> members.stream().filter(o -> o != m).allMatch(o -> last(o)[2].equals("2")), PAUSE, "the others removed "
        + m.name);
    long left = deadline - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left); // the pause itself is the thing measured, not a stand-in for a condition
    }
    long resumedAt = System.currentTimeMillis();
    signal("CONT", m);
    return resumedAt;
  }

  /** The time by which every member's latest list, printed after {@code since}, has all three. */
  private long awaitAllListThree(long since) throws Exception {
    await(() -> members.stream().allMatch(m -> {
      String[] l = last(m);
      return l[2].equals("3") && Long.parseLong(l[1]) >= since;
    }), Duration.ofSeconds(60), "all three members together again");
    return members.stream().mapToLong(m -> Long.parseLong(last(m)[1])).max().orElseThrow();
  }

  private static String[] last(Member m) {
    return m.lists.isEmpty() ? new String[] {"members", "0", "0", ""} : m.lists.get(m.lists.size() - 1);
  }

  private static void signal(String signal, Member m) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(m.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + m.pid() + " failed");
    }
  }

  private static Member launch(String cluster, int port, String name) throws IOException {
    String jar = Path.of(System.getProperty("weir.jar", "target/weir.jar")).toAbsolutePath().toString();
    String classes = Path.of("target/test-classes").toAbsolutePath().toString();
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(javaBin, "-Xmx256m", "-Djava.net.preferIPv4Stack=true", "-cp",
        jar + java.io.File.pathSeparator + classes, HazelcastMemberMain.class.getName(), cluster,
        Integer.toString(port), name).redirectErrorStream(true).start();
    List<String[]> lists = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith("members ")) {
            lists.add(line.split(" "));
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
    }, "output of " + name);
    reader.setDaemon(true);
    reader.start();
    return new Member(name, p, lists);
  }

  private static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(20);
    }
  }
}

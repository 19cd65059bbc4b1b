package io.weir.process;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.testing.TestClusters;
import io.weir.testing.TestSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Weir cluster of separate processes started from the fat jar: one or more coordinators
 * (c-1..c-n; with several, one leads and the others stand by) and named workers, each a JVM whose
 * output goes to a log file in the cluster's directory. Workers and coordinators can be killed with
 * {@code kill -9}, stopped with {@code SIGSTOP} and resumed with {@code SIGCONT}. Requests go to the
 * coordinator that leads, else to the first one alive and not stopped (a standby forwards them).
 */
final class ProcessCluster implements AutoCloseable {
  private final Path dir;
  private final Path jar;
  private final String name = TestClusters.uniqueName();
  private final int hzPort = TestClusters.randomPort();
  private final Path config;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final Map<String, Process> coordinators = new LinkedHashMap<>();
  private final Map<String, Integer> restPorts = new LinkedHashMap<>();
  private final java.util.Set<String> unreachable = new java.util.HashSet<>();
  private final Map<String, Process> workers = new LinkedHashMap<>();
  private List<String> nodeArgs = List.of();
  private final List<Process> all = new ArrayList<>();

  private ProcessCluster(Path dir, JsonObject settings) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.jar = Path.of(System.getProperty("weir.jar", "target/weir.jar")).toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException("the fat jar " + jar + " is missing: run the tests with mvn verify");
    }
    JsonObject base = TestSettings.cluster(dir, "3s");
    this.config = dir.resolve("weir.json");
    Files.writeString(config, merge(base, settings).encodePrettily());
  }

  private static JsonObject merge(JsonObject a, JsonObject b) {
    JsonObject out = a.copy();
    if (b != null) {
      for (String k : b.fieldNames()) {
        Object v = b.getValue(k);
        out.put(k, v instanceof JsonObject o && out.getValue(k) instanceof JsonObject existing ? merge(existing, o) : v);
      }
    }
    return out;
  }

  /** Starts a coordinator and {@code workers} workers named w-1..w-n with two slots each; waits until all registered. */
  static ProcessCluster start(Path dir, int workers, JsonObject settings) throws Exception {
    return start(dir, 1, workers, settings);
  }

  /** The same, with {@code nodeArgs} given to every node (such as the event bus's TLS options). */
  static ProcessCluster start(Path dir, int workers, JsonObject settings, List<String> nodeArgs) throws Exception {
    return start(dir, 1, workers, settings, false, true, nodeArgs);
  }

  /**
   * Starts {@code coordinators} coordinators one after another (c-1 is the oldest and leads; with
   * several, a leader needs a majority of all members), then the workers; waits until all registered.
   */
  static ProcessCluster start(Path dir, int coordinators, int workers, JsonObject settings) throws Exception {
    return start(dir, coordinators, workers, settings, false);
  }

  /**
   * As above; {@code aWorkerFirst} starts w-1 before the coordinators, so that it (not the leading
   * coordinator) is the oldest member and Hazelcast's master, for tests that pause the leader: a
   * paused master can split the rest of a loaded cluster for tens of seconds.
   */
  static ProcessCluster start(Path dir, int coordinators, int workers, JsonObject settings, boolean aWorkerFirst)
      throws Exception {
    return start(dir, coordinators, workers, settings, aWorkerFirst, true, List.of());
  }

  /**
   * Starts {@code coordinators} coordinators whose leader needs a majority of the coordinators (the
   * coordinator command's default), not of all members, then the workers.
   */
  static ProcessCluster startWithCoordinatorQuorum(Path dir, int coordinators, int workers, JsonObject settings)
      throws Exception {
    return start(dir, coordinators, workers, settings, false, false, List.of());
  }

  private static ProcessCluster start(Path dir, int coordinators, int workers, JsonObject settings, boolean aWorkerFirst,
                                      boolean membersQuorum, List<String> nodeArgs) throws Exception {
    ProcessCluster c = new ProcessCluster(dir, settings);
    c.nodeArgs = List.copyOf(nodeArgs);
    if (aWorkerFirst) {
      c.startWorker("w-1");
    }
    for (int i = 1; i <= coordinators; i++) {
      String name = "c-" + i;
      boolean first = i == 1;
      c.startCoordinator(name, membersQuorum && coordinators > 1);
      // each joins once the one before is up, so c-1 is the oldest member and Hazelcast's master: a paused
      // master stalls cluster operations (consumer registrations) until Hazelcast elects another
      c.awaitCluster(name, s -> first ? "leader".equals(s.getString("role")) : s.getString("leader") != null,
          Duration.ofSeconds(120), name + "'s REST API answers and knows the leader");
    }
    for (int i = aWorkerFirst ? 2 : 1; i <= workers; i++) {
      c.startWorker("w-" + i);
    }
    c.awaitCluster(s -> s.getInteger("workers") == workers, Duration.ofSeconds(120), workers + " workers registered");
    return c;
  }

  /**
   * Starts {@code coordinators} coordinators at the same moment, then the workers. Members that start
   * together may form separate clusters at first (they merge within seconds), so each coordinator
   * counts its majority over at least every member to come: none leads inside a fragment.
   */
  static ProcessCluster startTogether(Path dir, int coordinators, int workers) throws Exception {
    ProcessCluster c = new ProcessCluster(dir, null);
    for (int i = 1; i <= coordinators; i++) {
      c.startCoordinator("c-" + i, true, "--ha-expected-members", Integer.toString(coordinators + workers));
    }
    for (int i = 1; i <= workers; i++) {
      c.startWorker("w-" + i);
    }
    String leader = c.awaitLeaderOtherThan(Set.of(), Duration.ofSeconds(120));
    c.awaitCluster(leader, s -> s.getInteger("workers") == workers, Duration.ofSeconds(120),
        workers + " workers registered with " + leader);
    return c;
  }

  /** Starts the coordinator {@code name} (names are c-1, c-2, ...); {@code members} makes its quorum all members. */
  Process startCoordinator(String name, boolean members, String... more) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of("coordinator", "--name", name, "--rest-port", Integer.toString(port)));
    if (members) {
      command.addAll(List.of("--ha-quorum", "members"));
    }
    command.addAll(List.of(more));
    Process p = launch(coordinators.isEmpty() ? "coordinator" : name, command.toArray(String[]::new));
    coordinators.put(name, p);
    restPorts.put(name, port);
    return p;
  }

  /** The log file name of a coordinator: the first one's is coordinator.log, as with a single coordinator. */
  String coordinatorLog(String name) {
    return coordinators.keySet().iterator().next().equals(name) ? "coordinator" : name;
  }

  Process startWorker(String worker) throws IOException {
    Process p = launch(worker, "worker", "--name", worker, "--slots", "2");
    workers.put(worker, p);
    return p;
  }

  private Process launch(String log, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("java", "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-jar", jar.toString()));
    cmd.addAll(List.of(command));
    cmd.addAll(List.of("--cluster-name", name, "--hz-port", Integer.toString(hzPort), "--config", config.toString()));
    cmd.addAll(nodeArgs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log + ".log").toFile())).start();
    all.add(p);
    return p;
  }

  String clusterName() {
    return name;
  }

  int hzPort() {
    return hzPort;
  }

  /**
   * The REST API of the coordinator that says it leads, else of the first one alive and not stopped
   * (a standby forwards to the leader; one split off from the others, knowing no leader, answers 503).
   */
  String url() {
    String leader = coordinators.size() == 1 ? null : leader();
    if (leader != null) {
      return url(leader);
    }
    for (var e : coordinators.entrySet()) {
      if (e.getValue().isAlive() && !unreachable.contains(e.getKey())) {
        return url(e.getKey());
      }
    }
    throw new IllegalStateException("no coordinator is alive and running");
  }

  String url(String coordinator) {
    return "http://127.0.0.1:" + restPorts.get(coordinator);
  }

  /** The coordinator that says it leads, asked of every one alive and running; null when none does. */
  String leader() {
    for (var e : coordinators.entrySet()) {
      if (e.getValue().isAlive() && !unreachable.contains(e.getKey())) {
        try {
          if ("leader".equals(get(url(e.getKey()), "/cluster").getString("role"))) {
            return e.getKey();
          }
        } catch (Exception ignored) {
          // not answering: not the leader as far as clients can tell
        }
      }
    }
    return null;
  }

  /** Waits until some coordinator other than {@code not} leads; returns its name. */
  String awaitLeaderOtherThan(java.util.Collection<String> not, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String leader = leader();
      if (leader != null && !not.contains(leader)) {
        return leader;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no coordinator other than " + not + " leads within " + timeout + "; logs in " + dir);
      }
      Thread.sleep(50);
    }
  }

  java.util.Set<String> coordinatorNames() {
    return coordinators.keySet();
  }

  /** Sends a signal to a coordinator; one stopped with STOP is not asked anything until it gets CONT. */
  void signalCoordinator(String coordinator, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(coordinators.get(coordinator).pid())).inheritIO()
        .start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + coordinator + " failed");
    }
    if (signal.equals("STOP")) {
      unreachable.add(coordinator);
    } else if (signal.equals("CONT")) {
      unreachable.remove(coordinator);
    } else if (signal.equals("9")) {
      coordinators.get(coordinator).waitFor(10, TimeUnit.SECONDS);
    }
  }

  Path dir() {
    return dir;
  }

  long pid(String worker) {
    return workers.get(worker).pid();
  }

  /** Sends a signal to a worker process with the system's kill command. */
  void signal(String worker, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid(worker))).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + worker + " failed");
    }
  }

  /** Kills the leading coordinator (the only one, with one) with kill -9; returns its name. */
  String kill9Coordinator() throws Exception {
    String leader = coordinators.size() == 1 ? coordinators.keySet().iterator().next() : leader();
    if (leader == null) {
      throw new IllegalStateException("no coordinator leads, so none can be killed as the leader");
    }
    signalCoordinator(leader, "9");
    return leader;
  }

  /** Waits until {@code worker}'s log has a line matching {@code pattern}; returns the line. */
  String awaitLog(String worker, java.util.regex.Pattern pattern, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Path log = dir.resolve(worker + ".log");
    while (true) {
      for (String line : Files.readAllLines(log)) {
        if (pattern.matcher(line).find()) {
          return line;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(worker + "'s log has no line matching " + pattern + " within " + timeout + " (" + log + ")");
      }
      Thread.sleep(100);
    }
  }

  void kill9(String worker) throws Exception {
    signal(worker, "9");
    workers.get(worker).waitFor(10, TimeUnit.SECONDS);
  }

  JsonObject get(String path) throws Exception {
    return get(url(), path);
  }

  JsonObject get(String base, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body());
  }

  JsonObject post(String path, JsonObject body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonObject json = new JsonObject(r.body());
    if (r.statusCode() >= 400) {
      throw new IllegalStateException(path + ": " + json.getString("error"));
    }
    return json;
  }

  String submit(String job, int parallelism, JsonObject settings, String... args) throws Exception {
    return post("/jobs", new JsonObject().put("job", job).put("parallelism", parallelism).put("args", new JsonArray(List.of(args)))
        .put("settings", settings == null ? new JsonObject() : settings)).getString("id");
  }

  JsonObject job(String id) throws Exception {
    return get("/jobs/" + id);
  }

  private JsonObject jobOrError(String id) throws Exception {
    try {
      return job(id);
    } catch (IOException | IllegalStateException | io.vertx.core.json.DecodeException e) {
      return new JsonObject().put("error", String.valueOf(e.getMessage()));
    }
  }

  /** Waits until job {@code id} runs, has written more than {@code written} records and completed a checkpoint. */
  JsonObject awaitRunningPastACheckpoint(String id, long written) throws Exception {
    return awaitJob(id, Duration.ofSeconds(60), s -> s.getString("state").equals("RUNNING")
        && s.getLong("recordsWritten") > written && s.getValue("latestCheckpoint") != null, "running past a checkpoint");
  }

  /** Waits until job {@code id} ends, and asserts it FINISHED (its status is in the message otherwise). */
  JsonObject awaitFinished(String id) throws Exception {
    JsonObject done = awaitJob(id, Duration.ofSeconds(120), s -> java.util.List.of("FINISHED", "FAILED", "CANCELED")
        .contains(s.getString("state")), "its end");
    org.assertj.core.api.Assertions.assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("FINISHED");
    return done;
  }

  JsonObject awaitJob(String id, Duration timeout, Predicate<JsonObject> condition, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject s = jobOrError(id);
    // an answer without a state is an error (no leader during a takeover, a standby that cannot reach it): not yet
    while (s.getString("state") == null || !condition.test(s)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + id + " did not reach: " + what + " within " + timeout + "; last: " + s.encodePrettily()
            + "\nlogs in " + dir);
      }
      Thread.sleep(100);
      s = jobOrError(id);
    }
    return s;
  }

  JsonObject awaitCluster(Predicate<JsonObject> condition, Duration timeout, String what) throws Exception {
    return awaitCluster(null, condition, timeout, what);
  }

  /** As above, asking {@code coordinator} (null: the first one alive and running). */
  JsonObject awaitCluster(String coordinator, Predicate<JsonObject> condition, Duration timeout, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        JsonObject s = get(coordinator == null ? url() : url(coordinator), "/cluster");
        if (condition.test(s)) {
          return s;
        }
      } catch (IOException e) {
        // the coordinator is not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the cluster did not reach: " + what + " within " + timeout + "; logs in " + dir);
      }
      Thread.sleep(100);
    }
  }

  /** The worker running most of the job's tasks. */
  static String busiestWorker(JsonObject job) {
    Map<String, Integer> load = new LinkedHashMap<>();
    for (Object t : job.getJsonArray("tasks")) {
      load.merge(((JsonObject) t).getString("worker"), 1, Integer::sum);
    }
    return load.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  @Override
  public void close() throws Exception {
    for (Process p : all) {
      if (p.isAlive()) {
        new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
        p.destroy();
      }
    }
    for (Process p : all) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    List<String> unhandled = unhandledExceptions();
    if (!unhandled.isEmpty()) {
      throw new AssertionError("the cluster's logs in " + dir + " hold unhandled exceptions:\n" + String.join("\n", unhandled));
    }
  }

  /**
   * Lines of every process's log that report an exception nobody handled: Vert.x's "Unhandled
   * exception" (a handler threw), a thread that died, a promise completed twice.
   */
  List<String> unhandledExceptions() throws IOException {
    List<String> found = new ArrayList<>();
    try (var logs = Files.list(dir)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList()) {
        for (String line : Files.readAllLines(log)) {
          if (UNHANDLED.matcher(line).find()) {
            found.add(log.getFileName() + ": " + line);
          }
        }
      }
    }
    return found;
  }

  private static final java.util.regex.Pattern UNHANDLED = java.util.regex.Pattern.compile(
      "Unhandled exception|Exception in thread|already completed|uncaught", java.util.regex.Pattern.CASE_INSENSITIVE);
}

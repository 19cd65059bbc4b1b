package io.weir.examples.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark programs share: running the fat jar's {@code local} command and reading its
 * result line, and a cluster of separate coordinator and worker processes driven over REST.
 */
final class Bench {
  private static final Pattern RESULT = Pattern.compile("result\\s+(.*)");

  private Bench() {
  }

  /** The fat jar this program was started from ({@code java -cp verticles/target/weir.jar ...}). */
  static Path jar() throws Exception {
    Path self = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!self.toString().endsWith(".jar")) {
      Path fat = Path.of("verticles/target/weir.jar");
      if (!Files.exists(fat)) {
        throw new IllegalStateException("run this from the repository root after mvn package, with java -cp verticles/target/weir.jar");
      }
      return fat.toAbsolutePath();
    }
    return self;
  }

  /** Runs {@code java [jvmArgs] -jar weir.jar local ARGS} and returns its result line's figures. */
  static Map<String, String> local(List<String> jvmArgs, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("java"));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", jar().toString(), "local", "--cluster-name", "weir-bench-" + UUID.randomUUID().toString().substring(0, 6),
        "--hz-port", Integer.toString(freePortBase())));
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes());
    int code = p.waitFor();
    Matcher m = RESULT.matcher(out);
    if (code != 0 || !m.find()) {
      throw new IllegalStateException("local run failed (exit " + code + "): " + String.join(" ", args) + "\n" + out);
    }
    Map<String, String> figures = new TreeMap<>();
    for (String kv : m.group(1).trim().split("\\s+")) {
      String[] parts = kv.split("=", 2);
      figures.put(parts[0], parts[1]);
    }
    return figures;
  }

  static int freePortBase() {
    return 30000 + (int) (Math.random() * 300) * 50;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String rate(double perSecond) {
    return String.format("%,.0f/s", perSecond);
  }

  static long percentile(List<Long> values, double p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  /** A coordinator and workers as separate processes, on loopback, with a REST client. */
  static final class ProcessCluster implements AutoCloseable {
    final Path dir;
    final String name = "weir-bench-" + UUID.randomUUID().toString().substring(0, 6);
    final int hzPort = freePortBase();
    int restPort;
    final Path config;
    final List<String> workerJvm;
    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, Process> workers = new TreeMap<>();
    final List<Process> all = new ArrayList<>();

    ProcessCluster(JsonObject settings, List<String> workerJvm) throws Exception {
      this.dir = Files.createTempDirectory("weir-bench");
      this.restPort = freePort();
      this.workerJvm = workerJvm;
      JsonObject base = new JsonObject()
          .put("checkpoint", new JsonObject().put("dir", dir.resolve("checkpoints").toString()))
          .put("state", new JsonObject().put("local-dir", dir.resolve("local").toString()));
      this.config = dir.resolve("weir.json");
      Files.writeString(config, merge(base, settings).encodePrettily());
      launch("coordinator", List.of("-Xmx1g"), "coordinator", "--rest-port", Integer.toString(restPort));
      // the coordinator first: the oldest member is Hazelcast's master, and a paused worker must not be the master
      awaitWorkers(0);
    }

    private static JsonObject merge(JsonObject a, JsonObject b) {
      JsonObject out = a.copy();
      for (String k : b.fieldNames()) {
        Object v = b.getValue(k);
        out.put(k, v instanceof JsonObject o && out.getValue(k) instanceof JsonObject e ? merge(e, o) : v);
      }
      return out;
    }

    /** Starts one more coordinator, named {@code coordinator}, serving REST on {@code port} (the failover benchmark). */
    Process startCoordinator(String coordinator, int port) throws IOException {
      return launch(coordinator, List.of("-Xmx1g"), "coordinator", "--name", coordinator, "--rest-port",
          Integer.toString(port));
    }

    /** Sends the following requests to the coordinator serving REST on {@code port}. */
    void use(int port) {
      restPort = port;
    }

    void startWorker(String worker, int slots) throws IOException {
      workers.put(worker, launch(worker, workerJvm, "worker", "--name", worker, "--slots", Integer.toString(slots)));
    }

    private Process launch(String log, List<String> jvm, String... args) throws IOException {
      List<String> cmd = new ArrayList<>(List.of("java"));
      cmd.addAll(jvm);
      try {
        cmd.addAll(List.of("-jar", jar().toString()));
      } catch (Exception e) {
        throw new IOException(e);
      }
      cmd.addAll(Arrays.asList(args));
      cmd.addAll(List.of("--cluster-name", name, "--hz-port", Integer.toString(hzPort), "--config", config.toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log + ".log").toFile())).start();
      all.add(p);
      return p;
    }

    JsonObject get(String path) throws Exception {
      return new JsonObject(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    JsonObject post(String path, JsonObject body) throws Exception {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
          .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
      JsonObject json = new JsonObject(r.body());
      if (r.statusCode() >= 400) {
        throw new IllegalStateException(path + ": " + json.getString("error"));
      }
      return json;
    }

    void awaitWorkers(int n) throws Exception {
      long deadline = System.currentTimeMillis() + 180_000;
      while (true) {
        try {
          if (get("/cluster").getInteger("workers") >= n) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("workers did not register; logs in " + dir);
        }
        Thread.sleep(200);
      }
    }

    String submit(String job, int parallelism, JsonObject settings, String... args) throws Exception {
      return post("/jobs", new JsonObject().put("job", job).put("parallelism", parallelism)
          .put("args", new JsonArray(List.of(args))).put("settings", settings)).getString("id");
    }

    JsonObject awaitEnd(String id) throws Exception {
      while (true) {
        JsonObject job = get("/jobs/" + id);
        if (List.of("FINISHED", "FAILED", "CANCELED").contains(job.getString("state"))) {
          return job;
        }
        Thread.sleep(200);
      }
    }

    void kill9(String worker) throws Exception {
      new ProcessBuilder("kill", "-9", Long.toString(workers.get(worker).pid())).start().waitFor();
      workers.get(worker).waitFor(10, TimeUnit.SECONDS);
    }

    void signal(String worker, String signal) throws Exception {
      new ProcessBuilder("kill", "-" + signal, Long.toString(workers.get(worker).pid())).start().waitFor();
    }

    @Override
    public void close() throws Exception {
      for (Process p : all) {
        new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
        p.destroy();
      }
      for (Process p : all) {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }
}

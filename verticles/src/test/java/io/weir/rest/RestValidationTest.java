package io.weir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.weir.testing.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every REST body field is type-checked (400 naming the field), parallelism is bounded by
 * max-parallelism, paths outside {@code security.allowed-paths} are refused, and random malformed
 * bodies sent to every route never get a 500.
 */
class RestValidationTest {
  private static Path dir;
  private static Path allowed;
  private static TestCoordinator coordinator;
  private static Vertx vertx;
  private static WebClient client;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("weir-rest-validation");
    allowed = Files.createDirectories(dir.resolve("allowed"));
    JsonObject settings = new JsonObject()
        .put("checkpoint", new JsonObject().put("dir", allowed.resolve("checkpoints").toString()))
        .put("security", new JsonObject().put("allowed-paths", new JsonArray().add(allowed.toString())));
    coordinator = new TestCoordinator(dir, settings, RestSecurity.none());
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    client.close();
    TestClusters.await(vertx.close(), Duration.ofSeconds(10));
    coordinator.close();
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String path, Buffer body) {
    var request = client.request(method, coordinator.port(), "127.0.0.1", path);
    return TestClusters.await(body == null ? request.send() : request.sendBuffer(body), Duration.ofSeconds(30));
  }

  private static HttpResponse<Buffer> submit(JsonObject body) {
    return send(HttpMethod.POST, "/jobs", body.toBuffer());
  }

  private static JsonObject checkedCount(String out) {
    return new JsonObject().put("job", "checked-count").put("args", new JsonArray().add("--keys").add("10").add("--out").add(out));
  }

  private static String error(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getString("error");
  }

  @Test
  void aFieldOfTheWrongTypeIsA400NamingIt() {
    String out = allowed.resolve("out").toString();
    HttpResponse<Buffer> r = submit(checkedCount(out).put("parallelism", "x"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r)).isEqualTo("field 'parallelism' must be a whole number, got a string ('x')");
    assertThat(error(submit(checkedCount(out).put("parallelism", 1.5)))).startsWith("field 'parallelism' must be a whole number");
    assertThat(error(submit(checkedCount(out).put("parallelism", 1e12)))).startsWith("field 'parallelism' is out of range");
    assertThat(error(submit(new JsonObject().put("job", 7)))).isEqualTo("field 'job' must be a string, got a number (7)");
    assertThat(error(submit(new JsonObject().put("job", "word-count").put("args", "--lines 3"))))
        .startsWith("field 'args' must be an array of strings, got a string");
    assertThat(error(submit(new JsonObject().put("job", "word-count").put("args", new JsonArray().add("--lines").add(3)))))
        .isEqualTo("field 'args' must be an array of strings; item 1 is a number (3)");
    assertThat(error(submit(new JsonObject().put("job", "word-count").put("settings", "fast"))))
        .startsWith("field 'settings' must be a JSON object");
    assertThat(error(submit(new JsonObject().put("job", "word-count").put("fromSavepoint", false))))
        .startsWith("field 'fromSavepoint' must be a string");
    assertThat(error(submit(new JsonObject().put("job", "word-count").put("paralelism", 2))))
        .startsWith("unknown field 'paralelism' (known: args, fromSavepoint, job, parallelism, settings)");
    assertThat(error(submit(new JsonObject()))).startsWith("field 'job' is missing");
    assertThat(error(send(HttpMethod.POST, "/jobs", Buffer.buffer("[1, 2]")))).startsWith("the request body is not a JSON object");
  }

  @Test
  void parallelismMustBeBetweenOneAndMaxParallelism() {
    String out = allowed.resolve("out-p").toString();
    HttpResponse<Buffer> r = submit(checkedCount(out).put("parallelism", 10000));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r)).isEqualTo("parallelism must be between 1 and max-parallelism (128), got 10000");
    assertThat(error(submit(checkedCount(out).put("parallelism", -1)))).startsWith("parallelism must be between 1 and");
    JsonObject lowMax = new JsonObject().put("max-parallelism", 4);
    assertThat(error(submit(checkedCount(out).put("parallelism", 5).put("settings", lowMax))))
        .isEqualTo("parallelism must be between 1 and max-parallelism (4), got 5");
  }

  @Test
  void pathsOutsideTheAllowedOnesAreRefused() {
    HttpResponse<Buffer> r = submit(checkedCount("/tmp/elsewhere"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r)).isEqualTo("sink 'output' writes to /tmp/elsewhere, outside security.allowed-paths (" + allowed
        + "); choose a directory under one of them");
    assertThat(error(submit(checkedCount(allowed.resolve("../escape").toString())))).as("'..' does not escape")
        .startsWith("sink 'output' writes to " + allowed.resolve("../escape") + ", outside");
    JsonObject checkpointsElsewhere = new JsonObject().put("checkpoint", new JsonObject().put("dir", "/tmp/cp-elsewhere"));
    assertThat(error(submit(checkedCount(allowed.resolve("o").toString()).put("settings", checkpointsElsewhere))))
        .startsWith("the checkpoint directory (checkpoint.dir) is /tmp/cp-elsewhere, outside security.allowed-paths");
    JsonObject widen = new JsonObject().put("security", new JsonObject().put("allowed-paths", new JsonArray().add("/")));
    assertThat(error(submit(checkedCount("/tmp/elsewhere").put("settings", widen))))
        .isEqualTo("a job cannot change the 'security' settings; they are the coordinator's");
    assertThat(error(submit(checkedCount(allowed.resolve("o").toString()).put("fromSavepoint", "/tmp/sp"))))
        .startsWith("the savepoint to start from is /tmp/sp, outside");
  }

  @Test
  void aJobInsideTheAllowedPathsIsAcceptedAndItsSavepointDirectoryIsChecked() {
    HttpResponse<Buffer> r = submit(checkedCount(allowed.resolve("accepted").toString()).put("parallelism", 1));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    String id = r.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> sp = send(HttpMethod.POST, "/jobs/" + id + "/savepoints",
        new JsonObject().put("dir", "/tmp/savepoints-elsewhere").toBuffer());
    assertThat(sp.statusCode()).isEqualTo(400);
    assertThat(error(sp)).startsWith("the savepoint directory is /tmp/savepoints-elsewhere, outside");
    assertThat(error(send(HttpMethod.POST, "/jobs/" + id + "/savepoints", new JsonObject().put("dir", 3).toBuffer())))
        .isEqualTo("field 'dir' must be a string, got a number (3)");
    send(HttpMethod.POST, "/jobs/" + id + "/cancel", null);
  }

  /** Random bodies: JSON of every shape with the known field names and others, truncated JSON, bytes. */
  private static Buffer randomBody(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> Buffer.buffer(io.vertx.core.json.Json.encode(randomValue(random, 3)));
      case 1 -> {
        String json = randomObject(random, 3).encode();
        yield Buffer.buffer(json.substring(0, random.nextInt(json.length() + 1)));
      }
      case 2 -> {
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        yield Buffer.buffer(bytes);
      }
      default -> randomObject(random, 3).toBuffer();
    };
  }

  private static final String[] FIELDS = {"job", "args", "parallelism", "settings", "fromSavepoint", "dir", "x", ""};
  private static final String[] STRINGS = {"word-count", "checked-count", "java.lang.String", "io.weir.api.Job", "",
      "--out", "/tmp", "../..", "<img src=x onerror=alert(1)>", "\u0000", "${java.io.tmpdir}", "9".repeat(30)};

  private static JsonObject randomObject(Random random, int depth) {
    JsonObject o = new JsonObject();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      String field = random.nextInt(4) == 0 ? "checkpoint" : FIELDS[random.nextInt(FIELDS.length)];
      o.put(field, randomValue(random, depth - 1));
    }
    return o;
  }

  private static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth <= 0 ? 6 : 8);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> List.of(0, 1, -1, 2, 128, 129, Integer.MAX_VALUE, Long.MAX_VALUE).get(random.nextInt(8));
      case 3 -> random.nextDouble() * 1e6;
      case 4, 5 -> STRINGS[random.nextInt(STRINGS.length)];
      case 6 -> {
        List<Object> items = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          items.add(randomValue(random, depth - 1));
        }
        yield new JsonArray(items);
      }
      default -> randomObject(random, depth - 1);
    };
  }

  @Test
  void malformedBodiesToEveryRouteNeverGetA500() {
    HttpResponse<Buffer> accepted = submit(checkedCount(allowed.resolve("fuzz").toString()).put("parallelism", 1));
    String id = accepted.bodyAsJsonObject().getString("id");
    List<Object[]> routes = List.of(new Object[] {HttpMethod.POST, "/jobs"},
        new Object[] {HttpMethod.POST, "/jobs/" + id + "/savepoints"}, new Object[] {HttpMethod.POST, "/jobs/" + id + "/stop"},
        new Object[] {HttpMethod.POST, "/jobs/" + id + "/cancel"}, new Object[] {HttpMethod.DELETE, "/jobs/nope"},
        new Object[] {HttpMethod.GET, "/jobs/" + id}, new Object[] {HttpMethod.GET, "/jobs/" + id + "/graph"},
        new Object[] {HttpMethod.GET, "/jobs/" + id + "/throughput"}, new Object[] {HttpMethod.GET, "/jobs/" + id + "/checkpoints"},
        new Object[] {HttpMethod.GET, "/jobs/" + id + "/exceptions"}, new Object[] {HttpMethod.GET, "/jobs"},
        new Object[] {HttpMethod.GET, "/cluster"}, new Object[] {HttpMethod.GET, "/overview"},
        new Object[] {HttpMethod.GET, "/metrics"}, new Object[] {HttpMethod.PUT, "/jobs"},
        new Object[] {HttpMethod.POST, "/jobs/%00/savepoints"}, new Object[] {HttpMethod.GET, "/jobs/..%2F..%2Fetc"});
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < 300; i++) {
      Object[] route = routes.get(random.nextInt(routes.size()));
      Buffer body = randomBody(random);
      HttpResponse<Buffer> r = send((HttpMethod) route[0], (String) route[1], body);
      assertThat(r.statusCode()).as("seed %d: %s %s with %s -> %s", seed, route[0], route[1], body, r.bodyAsString())
          .isNotEqualTo(500).isLessThan(500);
      if (r.statusCode() >= 400) {
        assertThat(r.bodyAsJsonObject().getString("error")).as("seed %d: %s %s", seed, route[0], route[1]).isNotBlank();
      }
    }
    HttpResponse<Buffer> huge = send(HttpMethod.POST, "/jobs", Buffer.buffer("{\"job\":\"" + "x".repeat(2 << 20) + "\"}"));
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(error(huge)).isEqualTo("the request body is larger than 1 MiB");
  }
}

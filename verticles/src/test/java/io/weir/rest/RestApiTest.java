package io.weir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.weir.examples.CheckedCountOutput;
import io.weir.node.LocalCluster;
import io.weir.testing.TestClusters;
import io.weir.testing.TestSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator's REST API on the shared cluster: jobs, errors, checkpoints, savepoints. */
class RestApiTest {
  private static Vertx vertx;
  private static WebClient client;
  private static int port;

  @TempDir
  Path dir;

  @BeforeAll
  static void connect() {
    LocalCluster cluster = TestClusters.shared();
    port = cluster.coordinator().restPort();
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void close() {
    client.close();
    vertx.close();
  }

  private HttpResponse<Buffer> get(String path) {
    return TestClusters.await(client.get(port, "127.0.0.1", path).send(), Duration.ofSeconds(10));
  }

  private HttpResponse<Buffer> post(String path, JsonObject body) {
    return TestClusters.await(client.post(port, "127.0.0.1", path).sendJsonObject(body), Duration.ofSeconds(60));
  }

  private JsonObject awaitState(String id, String... states) {
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      JsonObject job = get("/jobs/" + id).bodyAsJsonObject();
      if (java.util.List.of(states).contains(job.getString("state"))) {
        return job;
      }
      assertThat(System.currentTimeMillis()).as("job %s reaching %s; last: %s", id, String.join("|", states), job)
          .isLessThan(deadline);
      TestClusters.await(io.vertx.core.Future.future(p -> vertx.setTimer(50, t -> p.complete())), Duration.ofSeconds(1));
    }
  }

  @Test
  void anUnknownJobIsRefusedWithTheKnownOnes() {
    HttpResponse<Buffer> r = post("/jobs", new JsonObject().put("job", "no-such-job"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo(
        "unknown job 'no-such-job' (known: checked-count, eventbus-count, kafka-count, keyed-count, nexmark, windowed-count, word-count)");
  }

  @Test
  void badArgumentsAreRefusedNamingTheArgument() {
    HttpResponse<Buffer> r = post("/jobs", new JsonObject().put("job", "checked-count").put("args", new JsonArray()
        .add("--keys").add("ten")));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("checked-count: --keys must be a whole number, got 'ten'");

    r = post("/jobs", new JsonObject().put("job", "checked-count").put("args", new JsonArray().add("--out").add("/tmp/x")
        .add("--colour").add("red")));
    assertThat(r.bodyAsJsonObject().getString("error")).startsWith("checked-count: unknown argument '--colour'");
  }

  @Test
  void badSettingsAndMalformedBodiesAreRefused() {
    HttpResponse<Buffer> r = post("/jobs", new JsonObject().put("job", "word-count").put("args", new JsonArray()
        .add("--lines").add("10")).put("settings", new JsonObject().put("checkpoint", new JsonObject().put("intervall", "1s"))));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).contains("unknown setting 'checkpoint.intervall'");

    HttpResponse<Buffer> malformed = TestClusters.await(client.post(port, "127.0.0.1", "/jobs")
        .sendBuffer(Buffer.buffer("{\"job\": ")), Duration.ofSeconds(10));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.bodyAsJsonObject().getString("error")).startsWith("the request body is not a JSON object");
  }

  @Test
  void anUnknownJobIdIsA404() {
    HttpResponse<Buffer> r = get("/jobs/nope-000000");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.bodyAsJsonObject().getString("error")).startsWith("no job with id 'nope-000000'");
  }

  @Test
  void aSubmittedJobShowsItsStateCheckpointsAndNoFailures() {
    Path out = dir.resolve("out");
    HttpResponse<Buffer> r = post("/jobs", new JsonObject().put("job", "checked-count").put("parallelism", 2)
        .put("args", new JsonArray().add("--keys").add("100").add("--per-key").add("2000").add("--rate").add("100000")
            .add("--out").add(out.toString())));
    assertThat(r.statusCode()).isEqualTo(201);
    String id = r.bodyAsJsonObject().getString("id");
    assertThat(id).startsWith("checked-count-");
    assertThat(get("/jobs").bodyAsJsonObject().getJsonArray("jobs").stream()
        .anyMatch(j -> ((JsonObject) j).getString("id").equals(id))).isTrue();

    JsonObject done = awaitState(id, "FINISHED", "FAILED");
    assertThat(done.getString("state")).isEqualTo("FINISHED");
    JsonArray checkpoints = get("/jobs/" + id + "/checkpoints").bodyAsJsonObject().getJsonArray("checkpoints");
    assertThat(checkpoints).isNotEmpty();
    JsonObject last = checkpoints.getJsonObject(0);
    assertThat(last.getString("kind")).isEqualTo("final");
    assertThat(last.getString("status")).isEqualTo("COMPLETED");
    assertThat(last.getJsonArray("tasks")).hasSize(last.getInteger("expected"));
    assertThat(last.getLong("stateSize")).isPositive();
    assertThat(get("/jobs/" + id + "/exceptions").bodyAsJsonObject().getJsonArray("failures")).isEmpty();
    assertThat(get("/metrics").bodyAsString()).contains("vertx_");
  }

  @Test
  void aSavepointTakenWhileRunningRestartsTheJobWhereItStoppedExactlyOnce() throws Exception {
    Path out = dir.resolve("out");
    JsonArray args = new JsonArray().add("--keys").add("200").add("--per-key").add("1500").add("--rate").add("40000")
        .add("--out").add(out.toString());
    // no periodic checkpoints: the savepoint is the only commit point of the first run
    JsonObject noCheckpoints = TestSettings.checkpointsEvery("0");
    String first = post("/jobs", new JsonObject().put("job", "checked-count").put("parallelism", 2).put("args", args)
        .put("settings", noCheckpoints)).bodyAsJsonObject().getString("id");
    awaitWritten(first, 60_000);
    HttpResponse<Buffer> sp = post("/jobs/" + first + "/savepoints", new JsonObject().put("dir", dir.resolve("sp").toString()));
    assertThat(sp.statusCode()).as(sp.bodyAsString()).isEqualTo(200);
    String path = sp.bodyAsJsonObject().getString("path");
    assertThat(Path.of(path, "_metadata")).exists();
    assertThat(post("/jobs/" + first + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
    awaitState(first, "CANCELED");
    CheckedCountOutput.Report partial = CheckedCountOutput.read(out, 200, 1500);
    assertThat(partial.duplicated()).isZero();
    assertThat(partial.missing()).as("the first run stopped part way").isPositive();

    String second = post("/jobs", new JsonObject().put("job", "checked-count").put("parallelism", 3).put("args", args)
        .put("fromSavepoint", path)).bodyAsJsonObject().getString("id");
    assertThat(awaitState(second, "FINISHED", "FAILED").getString("state")).isEqualTo("FINISHED");
    CheckedCountOutput.Report report = CheckedCountOutput.read(out, 200, 1500);
    assertThat(report.exactlyOnce()).as("resumed at parallelism 3 from the savepoint: " + report).isTrue();
  }

  @Test
  void stopWithASavepointEndsTheCommittedOutputAtTheSavepointSoAResumedJobIsExactlyOnce() throws Exception {
    Path out = dir.resolve("out-stopped");
    JsonArray args = new JsonArray().add("--keys").add("200").add("--per-key").add("1500").add("--rate").add("40000")
        .add("--out").add(out.toString());
    // periodic checkpoints keep committing output while the job runs: a plain savepoint would be followed by more
    JsonObject every100ms = TestSettings.checkpointsEvery("100ms");
    String first = post("/jobs", new JsonObject().put("job", "checked-count").put("parallelism", 2).put("args", args)
        .put("settings", every100ms)).bodyAsJsonObject().getString("id");
    awaitWritten(first, 60_000);
    HttpResponse<Buffer> sp = post("/jobs/" + first + "/stop", new JsonObject().put("dir", dir.resolve("sp-stop").toString()));
    assertThat(sp.statusCode()).as(sp.bodyAsString()).isEqualTo(200);
    assertThat(awaitState(first, "CANCELED", "FINISHED", "FAILED").getString("state")).isEqualTo("CANCELED");
    JsonArray history = get("/jobs/" + first + "/checkpoints").bodyAsJsonObject().getJsonArray("checkpoints");
    long savepointId = sp.bodyAsJsonObject().getLong("id");
    assertThat(history.stream().map(h -> (JsonObject) h)
        .filter(h -> h.getLong("id") > savepointId && h.getString("status").equals("COMPLETED")))
        .as("no checkpoint completed after the savepoint").isEmpty();
    assertThat(CheckedCountOutput.read(out, 200, 1500).missing()).as("the first run stopped part way").isPositive();

    String second = post("/jobs", new JsonObject().put("job", "checked-count").put("parallelism", 2).put("args", args)
        .put("settings", every100ms).put("fromSavepoint", sp.bodyAsJsonObject().getString("path")))
        .bodyAsJsonObject().getString("id");
    assertThat(awaitState(second, "FINISHED", "FAILED").getString("state")).isEqualTo("FINISHED");
    CheckedCountOutput.Report report = CheckedCountOutput.read(out, 200, 1500);
    assertThat(report.exactlyOnce()).as("resumed from the stop's savepoint: " + report).isTrue();
  }

  private void awaitWritten(String id, long records) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (get("/jobs/" + id).bodyAsJsonObject().getLong("recordsWritten") < records) {
      assertThat(System.currentTimeMillis()).as("job %s making progress", id).isLessThan(deadline);
      TestClusters.await(io.vertx.core.Future.future(p -> vertx.setTimer(50, t -> p.complete())), Duration.ofSeconds(1));
    }
  }

  @Test
  void aCorruptSavepointIsRefusedWithAClearError() throws Exception {
    Path sp = dir.resolve("broken-savepoint");
    java.nio.file.Files.createDirectories(sp);
    java.nio.file.Files.writeString(sp.resolve("_metadata"), "not metadata");
    HttpResponse<Buffer> r = post("/jobs", new JsonObject().put("job", "word-count").put("args", new JsonArray()
        .add("--lines").add("10")).put("fromSavepoint", sp.toString()));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).contains(sp.toString()).contains("not Weir checkpoint metadata");
  }
}

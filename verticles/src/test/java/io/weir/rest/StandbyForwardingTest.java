package io.weir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.weir.node.LocalCluster;
import io.weir.testing.TestClusters;
import io.weir.verticles.CoordinatorVerticle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two coordinators in one JVM: the standby answers /cluster itself and forwards what is about jobs to the leader. */
class StandbyForwardingTest {
  @TempDir
  static Path dir;

  private static Vertx vertx;
  private static WebClient client;
  private static LocalCluster cluster;
  private static CoordinatorVerticle leader;
  private static CoordinatorVerticle standby;

  @BeforeAll
  static void start() {
    cluster = TestClusters.await(LocalCluster.start(new LocalCluster.Options(TestClusters.uniqueName(),
        TestClusters.randomPort(), 1, 4, TestClusters.config(dir, null), 0, 2)), Duration.ofMinutes(2));
    leader = cluster.leader();
    standby = cluster.coordinators().stream().filter(c -> c != leader).findFirst().orElseThrow();
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    client.close();
    vertx.close();
    TestClusters.await(cluster.close(), Duration.ofSeconds(60));
  }

  private static HttpResponse<Buffer> get(CoordinatorVerticle c, String path) {
    return TestClusters.await(client.get(c.restPort(), "127.0.0.1", path).send(), Duration.ofSeconds(30));
  }

  @Test
  void theStandbySaysItStandsByAndNamesTheLeaderAndItsEpoch() {
    JsonObject onStandby = get(standby, "/cluster").bodyAsJsonObject();
    JsonObject onLeader = get(leader, "/cluster").bodyAsJsonObject();

    assertThat(onStandby.getString("role")).isEqualTo("standby");
    assertThat(onStandby.getString("leader")).isEqualTo(leader.name());
    assertThat(onLeader.getString("role")).isEqualTo("leader");
    assertThat(onLeader.getString("leader")).isEqualTo(leader.name());
    assertThat(onStandby.getLong("epoch")).isEqualTo(onLeader.getLong("epoch")).isPositive();
  }

  @Test
  void aJobSubmittedToTheStandbyRunsOnTheLeaderAndTheStandbyAnswersItsStatus() {
    JsonObject submit = new JsonObject().put("job", "word-count").put("parallelism", 1)
        .put("args", new JsonArray(List.of("--lines", "1000", "--out", dir.resolve("out").toString())));
    HttpResponse<Buffer> submitted = TestClusters.await(client.post(standby.restPort(), "127.0.0.1", "/jobs")
        .sendJsonObject(submit), Duration.ofSeconds(30));

    assertThat(submitted.statusCode()).as(submitted.bodyAsString()).isEqualTo(201);
    assertThat(submitted.getHeader(LeaderForwarding.FORWARDED_BY)).isEqualTo(standby.name());
    String id = submitted.bodyAsJsonObject().getString("id");
    assertThat((Object) TestClusters.onCoordinator(cluster, jm -> jm.job(new io.weir.runtime.JobId(id)))).isNotNull();
    HttpResponse<Buffer> status = get(standby, "/jobs/" + id);
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.bodyAsJsonObject().getString("id")).isEqualTo(id);
    assertThat(get(standby, "/jobs/no-such-job").statusCode()).isEqualTo(get(leader, "/jobs/no-such-job").statusCode());
  }
}

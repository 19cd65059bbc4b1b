package io.weir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.weir.cluster.JobStatus;
import io.weir.node.LocalCluster;
import io.weir.process.Chromium;
import io.weir.runtime.JobId;
import io.weir.testing.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium, against a local cluster whose job failed once with
 * markup in its cause and then lost a worker: the page shows the job, its dataflow graph and both
 * failures' recovery timelines; the markup is shown as text and runs nothing; the token given in
 * the address is used and shown nowhere.
 */
@Tag("slow")
class DashboardBrowserIT {
  private static final String TOKEN = "dashboard-test-token-4711";

  @TempDir
  Path dir;

  @Test
  void showsTheJobGraphAndRecoveriesAndRendersAFailureCauseAsText() throws Exception {
    Assumptions.assumeTrue(Chromium.find() != null, "chromium is not installed (.ci/run installs it)");
    LocalCluster cluster = TestClusters.start(3, 2, TestClusters.config(dir, null));
    try {
      Vertx vertx = cluster.coordinatorNode().vertx();
      RestSecurity security = new RestSecurity(TOKEN, null, null, false);
      HttpServer server = TestClusters.await(cluster.coordinator().call(jm -> vertx.createHttpServer()
          .requestHandler(RestApi.router(vertx, jm, cluster.coordinatorNode().metrics(), security))
          .listen(0, "127.0.0.1")), Duration.ofSeconds(30));
      JobId id = TestClusters.submit(cluster, MarkupFailureJob.class.getName(), 2, new JsonObject(),
          "--rate", "3000", "--count", "10000000", "--out", dir.resolve("out").toString());
      TestClusters.awaitJob(cluster, id, Duration.ofSeconds(60), s -> s.getString("state").equals("RUNNING")
          && TestClusters.onCoordinator(cluster, jm -> jm.job(id).failures().stream()
              .anyMatch(f -> f.cause().contains(MarkupFailureJob.MARKUP) && f.firstRecordAt() > 0)),
          "recovered from the markup failure");
      int before = TestClusters.onCoordinator(cluster, jm -> jm.job(id).failures().size());
      JsonObject running = TestClusters.status(cluster, id);
      String busiest = busiestWorker(running);
      int index = Integer.parseInt(busiest.substring(2)) - 1;
      TestClusters.await(cluster.killWorker(index), Duration.ofSeconds(30));
      TestClusters.awaitJob(cluster, id, Duration.ofSeconds(60), s -> s.getInteger("failures") > before
          && s.getString("state").equals("RUNNING"), "recovered from the worker's loss");
      TestClusters.awaitJob(cluster, id, Duration.ofSeconds(30), s -> TestClusters.onCoordinator(cluster,
          jm -> RestApi.exceptions(jm.job(id))).getJsonArray("failures").stream()
          .allMatch(f -> ((JsonObject) f).getValue("firstRecordAt") != null), "both recoveries reached a first record");

      int failures = TestClusters.onCoordinator(cluster, jm -> jm.job(id).failures().size());
      String url = "http://127.0.0.1:" + server.actualPort() + "/#token=" + TOKEN + "&job=" + id.value();
      String dom = new Chromium(dir.resolve("chromium")).dumpDom(url);
      Files.writeString(dir.resolve("dom.html"), dom);
      assertThat(dom).as("the page loaded its data (dom in %s)", dir).contains("data-loaded=\"true\"");
      assertThat(dom).contains(id.value()).contains("RUNNING");
      int tasks = TestClusters.onCoordinator(cluster, jm -> jm.job(id).graph().tasks().size());
      assertThat(count(dom, "class=\"vertex\"")).as("one box per task vertex in the graph").isEqualTo(tasks);
      assertThat(count(dom, "class=\"edge\"")).as("the graph's edges").isEqualTo(tasks - 1);
      assertThat(dom).contains("parse").contains("sum").contains("records/s").contains("backpressure");
      assertThat(count(dom, "class=\"recovery\"")).as("a timeline per failure").isGreaterThanOrEqualTo(failures);
      assertThat(count(dom, "seg-first segment")).as("the timelines reach the first record").isGreaterThanOrEqualTo(2);
      assertThat(dom).contains("worker w-" + (index + 1) + " lost");
      assertThat(dom).as("the markup is shown as text").contains("&lt;img src=x onerror=");
      assertThat(dom).as("no image element was made from it").doesNotContain("<img");
      assertThat(dom).as("its handler never ran").doesNotContainPattern("<body[^>]*data-pwned");
      assertThat(dom).as("the token is shown nowhere").doesNotContain(TOKEN);
      assertThat(count(dom, "class=\"worker\"")).as("the workers and their slots").isEqualTo(2);

      Path png = Path.of(System.getProperty("weir.dashboard.screenshot", dir.resolve("dashboard.png").toString()));
      new Chromium(dir.resolve("chromium-shot")).screenshot(url, png, 1400, 1500);
      assertThat(Files.size(png)).as("a screenshot").isGreaterThan(10_000);
    } finally {
      TestClusters.await(cluster.close(), Duration.ofSeconds(60));
    }
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String busiestWorker(JsonObject job) {
    Map<String, Integer> load = new LinkedHashMap<>();
    for (Object t : job.getJsonArray("tasks")) {
      load.merge(((JsonObject) t).getString("worker"), 1, Integer::sum);
    }
    return load.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }
}

package io.weir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.weir.cluster.JobStatus;
import io.weir.node.LocalCluster;
import io.weir.runtime.JobId;
import io.weir.testing.TestClusters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics has Weir's own metrics per job and per subtask, with the values the job reports. */
class JobMetricsTest {
  @TempDir
  Path dir;

  private static double value(String scrape, String metric, String jobId) {
    Matcher m = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*job_id=\"" + Pattern.quote(jobId)
        + "\"[^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
    assertThat(m.find()).as("%s for %s in:%n%s", metric, jobId, scrape).isTrue();
    return Double.parseDouble(m.group(2));
  }

  @Test
  void aFinishedJobsRecordsCheckpointsAndTasksAreMetrics() throws Exception {
    LocalCluster cluster = TestClusters.shared();
    JobId id = TestClusters.submit(cluster, "checked-count", 2, new JsonObject(), "--keys", "20", "--per-key", "500",
        "--rate", "50000", "--out", dir.resolve("out").toString());
    TestClusters.awaitState(cluster, id, Duration.ofSeconds(60), JobStatus.FINISHED);
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + cluster.coordinator().restPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    String scrape = r.body();
    assertThat(value(scrape, "weir_job_records_read_total", id.value())).isEqualTo(20 * 500);
    assertThat(value(scrape, "weir_job_records_written_total", id.value())).isEqualTo(20 * 500);
    assertThat(value(scrape, "weir_job_restarts_total", id.value())).isZero();
    assertThat(value(scrape, "weir_job_checkpoints_completed_total", id.value())).isPositive();
    assertThat(value(scrape, "weir_job_checkpoint_last_size_bytes", id.value())).isPositive();
    assertThat(value(scrape, "weir_job_checkpoint_last_duration_seconds", id.value())).isNotNegative();
    assertThat(value(scrape, "weir_job_running", id.value())).isZero();
    assertThat(scrape).containsPattern("weir_task_records_in_total\\{[^}]*job_id=\"" + id.value()
        + "\"[^}]*subtask=\"1\"[^}]*task=\"events\"")
        .contains("weir_task_backpressured{").contains("weir_job_recovery_last_duration_seconds{")
        .contains("weir_cluster_workers ").contains("weir_cluster_slots_free ");
  }
}

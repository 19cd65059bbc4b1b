package io.weir.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.util.ByteSizes;
import java.io.PrintStream;
import java.util.Set;
import java.util.TreeSet;

/** Prints a job's status: its state on the first line, then its figures, checkpoints and failures. */
final class StatusView {
  private StatusView() {
  }

  static void print(PrintStream out, JsonObject job, JsonObject checkpoints, JsonObject exceptions) {
    out.println(job.getString("state"));
    out.printf("job          %s (%s %s)%n", job.getString("id"), job.getString("job"),
        String.join(" ", job.getJsonArray("args").stream().map(String::valueOf).toList()));
    long ms = job.getLong("durationMs");
    out.printf("running for  %.1fs: %s records read, %s written%s%n", ms / 1000.0, Console.count(job.getLong("recordsRead")),
        Console.count(job.getLong("recordsWritten")),
        job.getInteger("failures", 0) > 0 ? " (counting the records replayed after each restore)" : "");
    JsonArray tasks = job.getJsonArray("tasks");
    Set<String> workers = new TreeSet<>();
    int backpressured = 0;
    for (int i = 0; i < tasks.size(); i++) {
      workers.add(tasks.getJsonObject(i).getString("worker"));
      if (tasks.getJsonObject(i).getBoolean("backpressured", false)) {
        backpressured++;
      }
    }
    out.printf("tasks        %d on %s (parallelism %d)%s%n", tasks.size(), String.join(", ", workers),
        job.getInteger("parallelism"), backpressured > 0 ? ", " + backpressured + " backpressured" : "");
    if (job.getString("waiting") != null) {
      out.printf("waiting      %s%n", job.getString("waiting"));
    }
    out.printf("state        %s; restarts %s; failover %s%n", job.getString("stateBackend"), job.getString("restartStrategy"),
        job.getString("failover"));
    out.printf("checkpoints  %s%s%n", job.getString("checkpointing"),
        job.getValue("latestCheckpoint") == null ? "" : "; latest complete: " + job.getValue("latestCheckpoint"));
    if (checkpoints != null) {
      JsonArray list = checkpoints.getJsonArray("checkpoints");
      for (int i = 0; i < Math.min(5, list.size()); i++) {
        JsonObject c = list.getJsonObject(i);
        out.printf("  %-10s %-5d %-11s %6dms  %10s (%s uploaded)  alignment %dms  %d/%d tasks%s%n", c.getString("kind"),
            c.getLong("id"), c.getString("status"), c.getLong("durationMs"), ByteSizes.format(c.getLong("stateSize")),
            ByteSizes.format(c.getLong("uploadedSize")), c.getLong("maxAlignmentMs"), c.getInteger("acknowledged"),
            c.getInteger("expected"), c.getString("failure") == null ? "" : ": " + c.getString("failure"));
      }
    }
    if (exceptions != null) {
      JsonArray failures = exceptions.getJsonArray("failures");
      out.printf("failures     %d%n", failures.size());
      for (int i = 0; i < failures.size(); i++) {
        JsonObject f = failures.getJsonObject(i);
        JsonObject t = f.getJsonObject("timings");
        out.printf("  %d. %s%n     %s%s: detected +%s, cancelled +%s, deployed +%s, restored +%s, first record +%s%n",
            f.getInteger("number"), f.getString("cause"), f.getString("outcome"),
            f.getValue("restoredCheckpoint") == null ? "" : " from checkpoint " + f.getValue("restoredCheckpoint"),
            ms(t, "detectedMs"), ms(t, "cancelledMs"), ms(t, "deployedMs"), ms(t, "restoredMs"), ms(t, "firstRecordMs"));
      }
      if (exceptions.getString("failureCause") != null) {
        out.printf("failed       %s%n", exceptions.getString("failureCause"));
      }
    }
  }

  private static String ms(JsonObject timings, String key) {
    Object v = timings.getValue(key);
    return v == null ? "-" : v + "ms";
  }
}

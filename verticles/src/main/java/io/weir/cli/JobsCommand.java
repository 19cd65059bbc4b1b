package io.weir.cli;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code jobs}: lists the cluster's jobs. */
@Command(name = "jobs", description = "List the jobs of a running cluster.", mixinStandardHelpOptions = true)
final class JobsCommand extends ClientCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    try (RestClient client = client()) {
      var jobs = client.get("/jobs").getJsonArray("jobs");
      if (jobs.isEmpty()) {
        Console.out().println("no jobs");
      }
      for (int i = 0; i < jobs.size(); i++) {
        JsonObject j = jobs.getJsonObject(i);
        Console.out().printf("%-28s %-11s %-14s %8.1fs  %s read, %s written%n", j.getString("id"), j.getString("state"),
            j.getString("job"), j.getLong("durationMs") / 1000.0, Console.count(j.getLong("recordsRead")),
            Console.count(j.getLong("recordsWritten")));
      }
    }
    return 0;
  }
}

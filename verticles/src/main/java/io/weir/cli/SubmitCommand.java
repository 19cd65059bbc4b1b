package io.weir.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code submit JOB [ARGS]}: starts a job on a running cluster and prints its id. */
@Command(name = "submit", description = "Submit a job to a running cluster; prints the job's id.", mixinStandardHelpOptions = true)
final class SubmitCommand extends ClientCommand implements Callable<Integer> {
  @Mixin
  JobSettingsOptions settings;

  @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Start from this savepoint (a folder printed by 'savepoint').")
  String fromSavepoint;

  @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (word-count, checked-count) or class.")
  String job;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "The job's own arguments.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    JsonObject body = new JsonObject().put("job", job).put("args", new JsonArray(args))
        .put("parallelism", settings.parallelism).put("settings", settings.settings());
    if (fromSavepoint != null) {
      body.put("fromSavepoint", fromSavepoint);
    }
    try (RestClient client = client()) {
      JsonObject r = client.post("/jobs", body, 30);
      Console.out().println(r.getString("id"));
    }
    return 0;
  }
}

package io.weir.cli;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code savepoint JOB_ID [--dir DIR] [--stop]}: takes a savepoint and prints its path. */
@Command(name = "savepoint", description = "Take a savepoint of a running job; prints its path (for submit --from-savepoint).",
    mixinStandardHelpOptions = true)
final class SavepointCommand extends ClientCommand implements Callable<Integer> {
  @Option(names = "--stop", description = "Cancel the job right after the savepoint, so its committed output ends exactly"
      + " there (Flink's stop-with-savepoint); without it the job keeps running and committing past the savepoint.")
  boolean stop;

  @Parameters(index = "0", paramLabel = "JOB_ID")
  String jobId;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to write it (default: the coordinator's temp dir /weir-savepoints).")
  Path dir;

  @Override
  public Integer call() {
    JsonObject body = new JsonObject();
    if (dir != null) {
      body.put("dir", dir.toAbsolutePath().toString());
    }
    try (RestClient client = client()) {
      JsonObject r = client.post("/jobs/" + jobId + (stop ? "/stop" : "/savepoints"), body, 120);
      Console.out().println(r.getString("path"));
    }
    return 0;
  }
}

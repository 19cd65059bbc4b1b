package io.weir.cli;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cancel JOB_ID}. */
@Command(name = "cancel", description = "Cancel a job.", mixinStandardHelpOptions = true)
final class CancelCommand extends ClientCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB_ID")
  String jobId;

  @Override
  public Integer call() {
    try (RestClient client = client()) {
      JsonObject r = client.post("/jobs/" + jobId + "/cancel", new JsonObject(), 30);
      Console.out().println(r.getString("state"));
    }
    return 0;
  }
}

package io.weir.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code status JOB_ID}: the job's state on the first line, then its details. */
@Command(name = "status", description = "Show a job's state (first line), checkpoints and failures.", mixinStandardHelpOptions = true)
final class StatusCommand extends ClientCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB_ID")
  String jobId;

  @Override
  public Integer call() {
    try (RestClient client = client()) {
      var job = client.get("/jobs/" + jobId);
      StatusView.print(Console.out(), job, client.get("/jobs/" + jobId + "/checkpoints"),
          client.get("/jobs/" + jobId + "/exceptions"));
    }
    return 0;
  }
}

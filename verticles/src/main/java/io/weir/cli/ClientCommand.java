package io.weir.cli;

import picocli.CommandLine.Option;

/** The option of the commands that talk to a running coordinator. */
abstract class ClientCommand {
  @Option(names = "--coordinator", defaultValue = "http://127.0.0.1:8081", paramLabel = "URL[,URL...]",
      description = "The coordinator's REST API, or a comma-separated list of the cluster's coordinators tried in order "
          + "(default: ${DEFAULT-VALUE}).")
  String coordinator;
}

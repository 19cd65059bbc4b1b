package io.weir.cli;

import picocli.CommandLine.Option;

/** The option of the commands that talk to a running coordinator. */
abstract class ClientCommand {
  @Option(names = "--coordinator", defaultValue = "http://127.0.0.1:8081", paramLabel = "URL",
      description = "The coordinator's REST API (default: ${DEFAULT-VALUE}).")
  String coordinator;
}

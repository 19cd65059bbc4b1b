package io.weir.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of the commands that talk to a running coordinator. */
abstract class ClientCommand {
  @Option(names = "--coordinator", defaultValue = "http://127.0.0.1:8081", paramLabel = "URL[,URL...]",
      description = "The coordinator's REST API, http:// or https://, or a comma-separated list of the cluster's "
          + "coordinators tried in order (default: ${DEFAULT-VALUE}).")
  String coordinator;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "A file holding the coordinator's REST token (or set WEIR_TOKEN).")
  Path tokenFile;

  @Option(names = "--ca", paramLabel = "FILE",
      description = "A PEM file of the CA certificate(s) to trust for an https:// coordinator (default: the JVM's).")
  Path ca;

  RestClient client() {
    return new RestClient(coordinator, Secrets.token(tokenFile, "WEIR_TOKEN", "--token-file"), ca);
  }

  /** Reads tokens from a file (its first line) or an environment variable. */
  static final class Secrets {
    private Secrets() {
    }

    static String token(Path file, String env, String option) {
      if (file != null) {
        String text;
        try {
          text = Files.readString(file).strip();
        } catch (IOException e) {
          throw new IllegalArgumentException(option + ": cannot read " + file + ": " + e.getMessage());
        }
        if (text.isEmpty()) {
          throw new IllegalArgumentException(option + ": " + file + " is empty");
        }
        return text.lines().findFirst().orElseThrow().strip();
      }
      String value = System.getenv(env);
      return value == null || value.isBlank() ? null : value.strip();
    }
  }
}

package io.weir.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar weir.jar}: the command line of Weir. */
@Command(name = "weir", mixinStandardHelpOptions = true, version = "Weir 0.1.0",
    description = "A fault-tolerant stream-processing engine on Vert.x, Hazelcast and RocksDB.",
    subcommands = {LocalCommand.class, CoordinatorCommand.class, WorkerCommand.class, SubmitCommand.class,
        JobsCommand.class, StatusCommand.class, CancelCommand.class, SavepointCommand.class})
public final class WeirCli implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line; returns the exit code (0 success, 1 the job failed or its output is wrong, 2 bad usage, 3 an error). */
  public static int execute(String... args) {
    Logging.configure();
    CommandLine cli = new CommandLine(new WeirCli());
    cli.getSubcommands().get("local").setStopAtPositional(true);
    cli.getSubcommands().get("submit").setStopAtPositional(true);
    cli.setParameterExceptionHandler((e, a) -> {
      System.err.println("weir: " + e.getMessage() + " (see: java -jar weir.jar " + commandPath(e.getCommandLine()) + " --help)");
      return 2;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      System.err.println("weir: " + Console.message(e));
      if (System.getenv("WEIR_DEBUG") != null) {
        e.printStackTrace();
      }
      return 3;
    });
    return cli.execute(args);
  }

  private static String commandPath(CommandLine c) {
    String name = c.getCommandName();
    return c.getParent() == null ? "" : commandPath(c.getParent()) + (c.getParent().getParent() == null ? "" : " ") + name;
  }
}
